using System.Diagnostics;

namespace ImageStorage.Benchmarks.Infrastructure;

/// <summary>
/// Where benchmark stores live, and how they are thrown away. Deleting 100,000 files slows the file creations that
/// follow it for many seconds on ext4 (measured here: a 20,000-image PNG store-many took 2.2 s after no deletion,
/// 5.6–9.6 s right after one), which would poison the next measurement. So stores are moved into a trash folder,
/// which is one rename, and the trash is emptied once, when the whole run is over.
/// </summary>
public static class ScratchSpace
{
    /// <summary>The folder holding every benchmark's stores (IMAGESTORAGE_BENCH_WORK, or imagestorage-bench in the system temp folder).</summary>
    public static string Root { get; } = Environment.GetEnvironmentVariable("IMAGESTORAGE_BENCH_WORK") ?? Path.Combine(Path.GetTempPath(), "imagestorage-bench");

    private static string Trash => Path.Combine(Root, ".trash");

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
        Directory.Delete(Trash, recursive: true);
        Console.WriteLine($"// ... deleted in {clock.Elapsed.TotalSeconds:0.0} s");
    }
}
