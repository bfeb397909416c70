using System.Runtime.InteropServices;

namespace ImageStorage.IO;

/// <summary>The libc calls that map a file and ask which of its pages are in the page cache.</summary>
internal static partial class Posix
{
    public const int PROT_READ = 1;
    public const int MAP_SHARED = 1;

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    public static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    public static partial int Munmap(nint address, nuint length);

    [LibraryImport("libc", EntryPoint = "mincore", SetLastError = true)]
    public static unsafe partial int Mincore(nint address, nuint length, byte* residency);
}
