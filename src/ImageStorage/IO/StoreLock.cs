using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ImageStorage.IO;

/// <summary>
/// The one-writer-at-a-time rule for an existing store, across processes, released by the kernel if the writer dies;
/// no lock file is left behind. A directory store is locked with flock on the directory itself; a file store with an
/// open-file-description lock (fcntl F_OFD_SETLK) on the file, because .NET already uses flock on files to emulate
/// FileShare, and a reader's shared flock must not collide with a writer's lock. Holding it, a writer may remove
/// whatever an earlier, dead writer left in the store.
/// </summary>
internal sealed class StoreLock : IDisposable
{
    private const int O_RDWR = 2;
    private const int F_OFD_SETLK = 37;
    private const short F_WRLCK = 1;
    private const short F_UNLCK = 2;
    private const int EACCES = 13;

    private readonly SafeFileHandle? _handle;
    private readonly bool _isDirectory;

    private StoreLock(SafeFileHandle? handle, bool isDirectory)
    {
        _handle = handle;
        _isDirectory = isDirectory;
    }

    /// <summary>Takes the lock of the store at <paramref name="path"/>, or throws at once if another writer holds it.</summary>
    public static StoreLock Acquire(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new StoreLock(null, isDirectory: false);
        }

        bool isDirectory = Directory.Exists(path);
        // A writer may exchange a new store into the path between our open and our lock: lock, then check it is still there.
        for (int attempt = 0; attempt < 10; attempt++)
        {
            int fd = Posix.Open(path, (isDirectory ? Posix.O_RDONLY : O_RDWR) | Posix.O_CLOEXEC);
            if (fd < 0)
            {
                int error = Marshal.GetLastPInvokeError();
                throw error == Posix.ENOENT
                    ? new NotAStoreException(path, "no such store.")
                    : new ImageStoreException(path, $"cannot open the store to lock it for writing (errno {error}).");
            }

            var handle = new SafeFileHandle(fd, ownsHandle: true);
            if (!SetLock(fd, isDirectory, locked: true, out int errno))
            {
                handle.Dispose();
                throw errno is Posix.EWOULDBLOCK or EACCES
                    ? new ImageStoreException(path, "another writer is adding to or replacing this store; a store takes one writer at a time.")
                    : new ImageStoreException(path, $"cannot lock the store for writing (errno {errno}).");
            }

            if (Posix.Identity(fd) is not { } locked || Posix.Identity(path) == locked)
            {
                return new StoreLock(handle, isDirectory);
            }

            handle.Dispose();
        }

        throw new ImageStoreException(path, "the store kept being replaced while a writer tried to lock it.");
    }

    /// <summary>Releases the lock, then closes the descriptor.</summary>
    public void Dispose()
    {
        if (_handle is { IsClosed: false })
        {
            // Unlock first: a process forked meanwhile (any Process.Start) shares the open file description until it
            // execs, and closing alone would leave the lock held by that copy, refusing the next writer.
            SetLock((int)_handle.DangerousGetHandle(), _isDirectory, locked: false, out _);
        }

        _handle?.Dispose();
    }

    private static unsafe bool SetLock(int fd, bool isDirectory, bool locked, out int errno)
    {
        int result;
        if (isDirectory)
        {
            result = Posix.Flock(fd, locked ? Posix.LOCK_EX | Posix.LOCK_NB : Posix.LOCK_UN);
        }
        else
        {
            // struct flock on 64-bit Linux: l_type, l_whence (shorts), l_start, l_len (off_t), l_pid; whole file, pid 0 for OFD locks.
            byte* request = stackalloc byte[32];
            new Span<byte>(request, 32).Clear();
            *(short*)request = locked ? F_WRLCK : F_UNLCK;
            result = Posix.Fcntl(fd, F_OFD_SETLK, request);
        }

        errno = result == 0 ? 0 : Marshal.GetLastPInvokeError();
        return result == 0;
    }
}
