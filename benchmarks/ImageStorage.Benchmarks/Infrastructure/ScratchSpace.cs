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

    /// <summary>Deletes the trash: in a detached process where there is much of it, so the run can end now.</summary>
    public static void EmptyTrash()
    {
        if (!Directory.Exists(Trash))
        {
            return;
        }

        string doomed = Trash + "-" + Guid.NewGuid().ToString("N");
        Directory.Move(Trash, doomed);
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var remove = new ProcessStartInfo("setsid", ["rm", "-rf", doomed]) { UseShellExecute = false };
                Process.Start(remove)?.Dispose();
                Console.WriteLine($"// Deleting the benchmark stores in the background: {doomed}");
                return;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // No setsid: delete here instead.
            }
        }

        Directory.Delete(doomed, recursive: true);
    }
}
