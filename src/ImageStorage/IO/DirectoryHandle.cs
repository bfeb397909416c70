using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ImageStorage.IO;

/// <summary>
/// A store directory opened once, whose files are then opened relative to it (openat): a reader keeps reading the
/// directory it opened even if a writer exchanges another store into its path meanwhile, so it never mixes two stores.
/// Elsewhere than Linux it falls back to paths.
/// </summary>
internal sealed class DirectoryHandle : IDisposable
{
    private readonly SafeFileHandle? _handle;

    private DirectoryHandle(string path, SafeFileHandle? handle)
    {
        Path = path;
        _handle = handle;
    }

    /// <summary>The directory's path when it was opened.</summary>
    public string Path { get; }

    /// <summary>Opens the directory at <paramref name="path"/>.</summary>
    public static DirectoryHandle Open(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new DirectoryHandle(path, null);
        }

        int fd = Posix.Open(path, Posix.O_RDONLY | Posix.O_CLOEXEC);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw errno == Posix.ENOENT
                ? new NotAStoreException(path, "no such store directory.")
                : new ImageStoreException(path, $"cannot open the store directory (errno {errno}).");
        }

        return new DirectoryHandle(path, new SafeFileHandle(fd, ownsHandle: true));
    }

    /// <summary>Opens file <paramref name="name"/> of this directory for reading, or returns null if it does not exist.</summary>
    public SafeFileHandle? TryOpenFile(string name)
    {
        if (_handle is null)
        {
            string file = System.IO.Path.Combine(Path, name);
            try
            {
                return File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.RandomAccess);
            }
            catch (FileNotFoundException)
            {
                return null;
            }
        }

        int fd = Posix.OpenAt((int)_handle.DangerousGetHandle(), name, Posix.O_RDONLY | Posix.O_CLOEXEC);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            return errno == Posix.ENOENT ? null : throw new ImageStoreException(System.IO.Path.Combine(Path, name), $"cannot open (errno {errno}).");
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>
    /// Opens file <paramref name="name"/>, which the store needs: if it is missing, the store was either replaced by a
    /// writer since this directory was opened (<see cref="StoreReplacedException"/>) or is damaged.
    /// </summary>
    public SafeFileHandle OpenRequired(string name) => TryOpenFile(name) ?? throw Missing(name);

    /// <summary>Reads all of file <paramref name="name"/>, which the store needs (see <see cref="OpenRequired"/>).</summary>
    public byte[] ReadRequired(string name) => TryReadAll(name) ?? throw Missing(name);

    /// <summary>The error for a needed file that is not there: replaced if the directory has left its path, damaged otherwise.</summary>
    public ImageStoreException Missing(string name) => IsStillAtPath()
        ? new CorruptStoreException(System.IO.Path.Combine(Path, name), "is missing.")
        : new StoreReplacedException(Path, $"{name} went with the directory that was opened");

    /// <summary>Reads all of file <paramref name="name"/>, or returns null if it does not exist.</summary>
    public byte[]? TryReadAll(string name)
    {
        using var file = TryOpenFile(name);
        if (file is null)
        {
            return null;
        }

        long length = RandomAccess.GetLength(file);
        if (length > Array.MaxLength)
        {
            throw new CorruptStoreException(System.IO.Path.Combine(Path, name), $"is {length} bytes, too large to be read whole.");
        }

        var bytes = GC.AllocateUninitializedArray<byte>((int)length);
        int read = PositionedRead.Fill(file, bytes, 0);
        return read == bytes.Length ? bytes : bytes[..read];
    }

    /// <summary>True if the directory still sits at <see cref="Path"/> (no writer replaced or removed it since it was opened).</summary>
    public bool IsStillAtPath()
    {
        if (_handle is null || Posix.Identity((int)_handle.DangerousGetHandle()) is not { } mine)
        {
            return Directory.Exists(Path);
        }

        return Posix.Identity(Path) == mine;
    }

    /// <inheritdoc />
    public void Dispose() => _handle?.Dispose();
}
