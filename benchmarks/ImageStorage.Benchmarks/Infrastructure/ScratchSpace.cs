using System.Diagnostics;

namespace ImageStorage.Benchmarks.Infrastructure;

/// <summary>
/// Where benchmark stores live, and how they are thrown away. Deleting 100,000 files slows the file creations that
/// follow it for many seconds on ext4 (measured here: a 20,000-image PNG store-many took 2.2 s after no deletion,
/// 5.6–9.6 s right after one), which would poison the next measurement. So stores are moved into a trash folder,
/// which is one rename, and the trash is emptied when the whole run is over — or between two cases, when it leaves
/// the disk short of room (a full run moves ~50 GB of stores there, more than many disks have free).
/// </summary>
public static class ScratchSpace
{
    /// <summary>The folder holding every benchmark's stores (IMAGESTORAGE_BENCH_WORK, or imagestorage-bench in the system temp folder).</summary>
    public static string Root { get; } = Environment.GetEnvironmentVariable("IMAGESTORAGE_BENCH_WORK") ?? Path.Combine(Path.GetTempPath(), "imagestorage-bench");

    /// <summary>The environment variable naming the run's trash, which the host sets for the benchmark processes it starts.</summary>
    public const string TrashVariable = "IMAGESTORAGE_BENCH_TRASH";

    /// <summary>
    /// This run's trash: one per host process, so two runs sharing the scratch folder (two engineers, or a base and a
    /// diff run) never empty each other's; benchmark processes inherit the host's through <see cref="TrashVariable"/>.
    /// </summary>
    public static string Trash { get; } = Environment.GetEnvironmentVariable(TrashVariable) is { Length: > 0 } inherited
        ? inherited
        : Path.Combine(Root, $".trash-{Environment.ProcessId}");

    /// <summary>Moves the store or directory at <paramref name="path"/> into the trash (a rename: nothing is deleted now).</summary>
    public static void Discard(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string target = Path.Combine(Trash, Guid.NewGuid().ToString("N"));
        if (Directory.Exists(path))
        {
            Directory.CreateDirectory(Trash);
            Directory.Move(path, target);
        }
        else if (File.Exists(path))
        {
            Directory.CreateDirectory(Trash);
            File.Move(path, target);
        }
    }

    /// <summary>The free space below which a case's cleanup empties the trash: room for the largest case's stores (a 100,000-image tar-shard store-many writes 11 × 0.46 GB).</summary>
    public const long MinimumFreeBytes = 16L << 30;

    /// <summary>
    /// Empties the trash now if the scratch folder's file system has less than <paramref name="minimumFree"/> bytes
    /// free: called at the end of a case, so the deletion falls between two measurements. Returns whether it did.
    /// </summary>
    public static bool EmptyTrashIfShortOfRoom(long minimumFree = MinimumFreeBytes)
    {
        if (!Directory.Exists(Trash) || new DriveInfo(Path.GetFullPath(Root)).AvailableFreeSpace >= minimumFree)
        {
            return false;
        }

        EmptyTrash();
        return true;
    }

    /// <summary>
    /// Deletes the trash, now, before the run ends: deleting it in the background would slow the measurements of
    /// whatever runs next (measured: a same-commit rerun that overlapped such a deletion showed three benchmarks 9-20% slower).
    /// </summary>
    public static void EmptyTrash()
    {
        if (!Directory.Exists(Trash))
        {
            return;
        }

        Console.WriteLine($"// Deleting the benchmark stores in {Trash} ...");
        var clock = Stopwatch.StartNew();
        try
        {
            Directory.Delete(Trash, recursive: true);
            Console.WriteLine($"// ... deleted in {clock.Elapsed.TotalSeconds:0.0} s");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Leftover scratch files must never cost the run its results; the next run's trash is a new folder.
            Console.Error.WriteLine($"// warning: could not delete all of {Trash}: {e.Message}");
        }
    }
}
