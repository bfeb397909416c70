using System.Runtime.InteropServices;

namespace ImageStorage.IO;

/// <summary>The few libc calls .NET does not expose: atomic exchange of two paths, opening relative to a directory, locks, allocated blocks, directory fsync.</summary>
internal static partial class Posix
{
    public const int AT_FDCWD = -100;
    public const uint RENAME_NOREPLACE = 1;
    public const uint RENAME_EXCHANGE = 2;
    public const int O_RDONLY = 0;
    public const int O_CLOEXEC = 0x80000;
    public const int LOCK_EX = 2;
    public const int LOCK_NB = 4;
    public const int LOCK_UN = 8;
    public const int ENOENT = 2;
    public const int EEXIST = 17;
    public const int EINVAL = 22;
    public const int ENOSYS = 38;
    public const int EWOULDBLOCK = 11;
    public const int POSIX_FADV_DONTNEED = 4;

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RenameAt2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);

    [LibraryImport("libc", EntryPoint = "stat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int Stat(string path, byte* buffer);

    [LibraryImport("libc", EntryPoint = "fstat", SetLastError = true)]
    public static unsafe partial int FStat(int fd, byte* buffer);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OpenAt(int dirFd, string name, int flags);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static unsafe partial int Fcntl(int fd, int command, byte* argument);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    public static partial int Syncfs(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "posix_fadvise", SetLastError = true)]
    public static partial int Fadvise(int fd, long offset, long length, int advice);

    /// <summary>True where the struct stat layout used here is known (64-bit Linux on x64 and arm64: st_dev at 0, st_ino at 8, st_blocks at 64).</summary>
    public static bool HasKnownStatLayout =>
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>The (device, inode) pair of an open descriptor, or null where unknown.</summary>
    public static unsafe (ulong Device, ulong Inode)? Identity(int fd)
    {
        if (!HasKnownStatLayout)
        {
            return null;
        }

        byte* buffer = stackalloc byte[256];
        return FStat(fd, buffer) == 0 ? (*(ulong*)buffer, *(ulong*)(buffer + 8)) : null;
    }

    /// <summary>The (device, inode) pair of what <paramref name="path"/> names now, or null if nothing (or unknown).</summary>
    public static unsafe (ulong Device, ulong Inode)? Identity(string path)
    {
        if (!HasKnownStatLayout)
        {
            return null;
        }

        byte* buffer = stackalloc byte[256];
        return Stat(path, buffer) == 0 ? (*(ulong*)buffer, *(ulong*)(buffer + 8)) : null;
    }
}
