using System.Runtime.InteropServices;

namespace ImageStorage.IO;

/// <summary>The few libc calls .NET does not expose: atomic exchange of two paths, allocated blocks, directory fsync.</summary>
internal static partial class Posix
{
    public const int AT_FDCWD = -100;
    public const uint RENAME_NOREPLACE = 1;
    public const uint RENAME_EXCHANGE = 2;
    public const int ENOENT = 2;
    public const int EEXIST = 17;
    public const int ENOSYS = 38;
    public const int EINVAL = 22;

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RenameAt2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);

    [LibraryImport("libc", EntryPoint = "stat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int Stat(string path, byte* buffer);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    public static partial int Syncfs(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary>True where the struct stat layout used by <see cref="Stat"/> is known (64-bit Linux on x64 and arm64: st_blocks at byte 64).</summary>
    public static bool HasKnownStatLayout =>
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;
}
