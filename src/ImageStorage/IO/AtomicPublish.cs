using System.Runtime.InteropServices;

namespace ImageStorage.IO;

/// <summary>
/// Builds a store beside its destination and moves it into place in one step, so that a failed or killed write
/// never leaves a half-written store at the path and never damages the store that was there.
/// </summary>
internal static class AtomicPublish
{
    private const string TempMarker = ".imagestore-tmp-";

    /// <summary>
    /// A fresh, unused path in the same directory as <paramref name="path"/> (so that rename stays on one file system),
    /// named after this host and process; leftovers of writers on this host that have since died are removed first.
    /// </summary>
    public static string TempSibling(string path)
    {
        string full = System.IO.Path.GetFullPath(path).TrimEnd(System.IO.Path.DirectorySeparatorChar);
        string dir = System.IO.Path.GetDirectoryName(full) ?? throw new ImageStoreException(path, "a store cannot be the root directory.");
        Directory.CreateDirectory(dir);
        string prefix = "." + System.IO.Path.GetFileName(full) + TempMarker;
        RemoveLeftovers(dir, prefix);
        return System.IO.Path.Combine(dir, prefix + WriterTag.New());
    }

    /// <summary>Removes what writers on this host that have since died left beside <paramref name="path"/> (their temporary stores).</summary>
    public static void RemoveLeftoversBeside(string path)
    {
        string full = System.IO.Path.GetFullPath(path).TrimEnd(System.IO.Path.DirectorySeparatorChar);
        if (System.IO.Path.GetDirectoryName(full) is { } dir && Directory.Exists(dir))
        {
            RemoveLeftovers(dir, "." + System.IO.Path.GetFileName(full) + TempMarker);
        }
    }

    // Only this host's dead processes: a live writer, or one on another host sharing the file system, is never touched.
    private static void RemoveLeftovers(string dir, string prefix)
    {
        foreach (string entry in Directory.EnumerateFileSystemEntries(dir, prefix + "*"))
        {
            if (!WriterTag.IsDeadWriterOfThisHost(System.IO.Path.GetFileName(entry)[prefix.Length..]))
            {
                continue;
            }

            try
            {
                Delete(entry);
            }
            catch (IOException)
            {
                // Another process is cleaning it up at the same moment.
            }
        }
    }

    /// <summary>
    /// Moves <paramref name="temp"/> to <paramref name="path"/>. If something is at the path and <paramref name="replace"/> is true,
    /// the two are exchanged atomically and the old one deleted; otherwise an existing path is an error.
    /// </summary>
    public static void Publish(string temp, string path, bool replace)
    {
        string full = System.IO.Path.GetFullPath(path).TrimEnd(System.IO.Path.DirectorySeparatorChar);
        bool exists = File.Exists(full) || Directory.Exists(full);
        if (exists && !replace)
        {
            throw new ImageStoreException(path, "already exists; pass Overwrite = true to replace the store there.");
        }

        if (OperatingSystem.IsLinux())
        {
            uint flags = exists ? Posix.RENAME_EXCHANGE : Posix.RENAME_NOREPLACE;
            if (Posix.RenameAt2(Posix.AT_FDCWD, temp, Posix.AT_FDCWD, full, flags) == 0)
            {
                SyncDirectory(System.IO.Path.GetDirectoryName(full)!);
                if (exists)
                {
                    Delete(temp); // temp now holds the replaced store
                }

                return;
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno == Posix.EEXIST)
            {
                throw new ImageStoreException(path, "appeared while the store was being written; nothing was replaced.");
            }

            if (errno is not (Posix.ENOSYS or Posix.EINVAL))
            {
                throw new ImageStoreException(path, $"cannot move the new store into place (renameat2 errno {errno}); it is left at {temp}.");
            }
        }

        // Without an atomic exchange: move the old store aside first, so it is never lost, only briefly absent.
        string? aside = null;
        if (exists)
        {
            aside = TempSibling(full);
            Move(full, aside);
        }

        Move(temp, full);
        if (aside is not null)
        {
            Delete(aside);
        }
    }

    /// <summary>Deletes a file or directory tree if it exists.</summary>
    public static void Delete(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
        else if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>Flushes a directory's entries (new names, renames) to disk.</summary>
    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        int fd = Posix.Open(directory, 0);
        if (fd < 0)
        {
            return;
        }

        _ = Posix.Fsync(fd);
        _ = Posix.Close(fd);
    }

    /// <summary>Flushes every file of the file system that holds <paramref name="directory"/>: one call instead of one fsync per file.</summary>
    public static void SyncFileSystem(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        int fd = Posix.Open(directory, 0);
        if (fd < 0)
        {
            throw new ImageStoreException(directory, $"cannot open to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Posix.Syncfs(fd) != 0)
            {
                throw new ImageStoreException(directory, $"flushing to disk failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Posix.Close(fd);
        }
    }

    /// <summary>
    /// Removes the temporary files <see cref="WriteFile"/> left inside <paramref name="directory"/> when a writer died
    /// between writing and renaming one; only a writer holding the store's lock may call it.
    /// </summary>
    public static void RemoveTempFiles(string directory)
    {
        foreach (string file in Directory.EnumerateFiles(directory, "*" + TempMarker + "*"))
        {
            File.Delete(file);
        }
    }

    /// <summary>Writes <paramref name="contents"/> to <paramref name="path"/> through a temporary sibling and a rename, fsync'd.</summary>
    public static void WriteFile(string path, ReadOnlySpan<byte> contents)
    {
        string temp = path + TempMarker + Guid.NewGuid().ToString("N")[..8];
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            stream.Write(contents);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        SyncDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
    }

    private static void Move(string from, string to)
    {
        if (Directory.Exists(from))
        {
            Directory.Move(from, to);
        }
        else
        {
            File.Move(from, to);
        }
    }
}
