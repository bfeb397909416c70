namespace ImageStorage.IO;

/// <summary>Bytes a file or directory occupies on disk, counted as <c>du</c> counts them: allocated blocks, so a sparse file counts only what it uses.</summary>
public static class DiskUsage
{
    /// <summary>Allocated bytes of <paramref name="path"/> (a file, or a directory and everything below it).</summary>
    public static long AllocatedBytes(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path))
        {
            return FileAllocated(path);
        }

        if (!Directory.Exists(path))
        {
            throw new ImageStoreException(path, "cannot measure disk usage: no such file or directory.");
        }

        long total = FileAllocated(path);
        foreach (string entry in Directory.EnumerateFileSystemEntries(path, "*", SearchOption.AllDirectories))
        {
            total += FileAllocated(entry);
        }

        return total;
    }

    private static unsafe long FileAllocated(string path)
    {
        if (Posix.HasKnownStatLayout)
        {
            byte* buffer = stackalloc byte[256];
            if (Posix.Stat(path, buffer) == 0)
            {
                return *(long*)(buffer + 64) * 512;
            }
        }

        // Elsewhere the logical length is the best figure .NET offers.
        return File.Exists(path) ? new FileInfo(path).Length : 0;
    }
}
