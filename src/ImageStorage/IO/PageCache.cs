using System.Runtime.InteropServices;

namespace ImageStorage.IO;

/// <summary>
/// A store's files in the kernel's page cache: drop them (posix_fadvise DONTNEED, which needs no privileges) and
/// measure how much of them is still cached (mincore over a read-only map, which reads nothing). For timing reads of
/// a data set larger than memory. Pages some process has mapped and touched are not dropped: close the store first.
/// </summary>
internal static class PageCache
{
    /// <summary>The regular files of the store at <paramref name="path"/> (itself if it is a file), in path order.</summary>
    public static IReadOnlyList<string> Files(string path) =>
        File.Exists(path) ? [path]
        : Directory.Exists(path) ? [.. Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)]
        : throw new NotAStoreException(path, "no such file or directory.");

    /// <summary>Writes back and drops the cached pages of every file of the store at <paramref name="path"/>.</summary>
    public static void Evict(string path)
    {
        foreach (string file in Files(path))
        {
            int fd = Open(file);
            try
            {
                // Dirty pages are not dropped: write them first (stores are synced at commit, so this is usually nothing).
                if (Posix.Fsync(fd) != 0)
                {
                    throw Failure(file, "fsync");
                }

                int error = Posix.Fadvise(fd, 0, 0, Posix.POSIX_FADV_DONTNEED);
                if (error != 0)
                {
                    throw new ImageStoreException(file, $"posix_fadvise(DONTNEED) failed (errno {error}).");
                }
            }
            finally
            {
                _ = Posix.Close(fd);
            }
        }
    }

    /// <summary>The fraction (0..1) of the bytes of the store's files that are in the page cache, counted in pages; 0 for a store of empty files.</summary>
    public static unsafe double ResidentFraction(string path)
    {
        long pageSize = Environment.SystemPageSize;
        long resident = 0, pages = 0;
        foreach (string file in Files(path))
        {
            long length = new FileInfo(file).Length;
            if (length == 0)
            {
                continue;
            }

            int fd = Open(file);
            try
            {
                nint map = Posix.Mmap(0, (nuint)length, Posix.PROT_READ, Posix.MAP_SHARED, fd, 0);
                if (map == -1)
                {
                    throw Failure(file, "mmap");
                }

                try
                {
                    long count = (length + pageSize - 1) / pageSize;
                    byte[] vector = new byte[count];
                    fixed (byte* v = vector)
                    {
                        if (Posix.Mincore(map, (nuint)length, v) != 0)
                        {
                            throw Failure(file, "mincore");
                        }
                    }

                    // Bit 0 of each byte: the page is resident.
                    resident += vector.Count(b => (b & 1) != 0);
                    pages += count;
                }
                finally
                {
                    _ = Posix.Munmap(map, (nuint)length);
                }
            }
            finally
            {
                _ = Posix.Close(fd);
            }
        }

        return pages == 0 ? 0 : (double)resident / pages;
    }

    private static int Open(string file)
    {
        int fd = Posix.Open(file, Posix.O_RDONLY | Posix.O_CLOEXEC);
        return fd >= 0 ? fd : throw Failure(file, "open");
    }

    private static ImageStoreException Failure(string file, string call) =>
        new(file, $"{call} failed (errno {Marshal.GetLastPInvokeError()}).");
}
