using System.Globalization;
using ImageStorage.IO;

namespace ImageStorage.Benchmarks.Infrastructure;

/// <summary>
/// Where the drawn synthetic images are kept between benchmark processes and runs: one Raw store per generator
/// version, seed and count (3 KiB an image: 293 MiB for 100,000), shared by every run folder, never inside one.
/// </summary>
public static class DataCache
{
    /// <summary>The environment variable that moves the cache (and that the host sets for its child processes).</summary>
    public const string Variable = "IMAGESTORAGE_BENCH_CACHE";

    /// <summary>The cache folder: IMAGESTORAGE_BENCH_CACHE, or <c>artifacts/cache</c>.</summary>
    public static string Root { get; } = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } set
        ? System.IO.Path.GetFullPath(set)
        : System.IO.Path.Combine(ArtifactsRoot.Path, "cache");

    /// <summary>The store holding <paramref name="count"/> synthetic images drawn with <paramref name="seed"/>.</summary>
    public static string SyntheticStore(ulong seed, int count) =>
        System.IO.Path.Combine(Root, string.Create(CultureInfo.InvariantCulture, $"synthetic-v{ImageStorage.Datasets.SyntheticImages.GeneratorVersion}-seed{seed}-{count}"));

    /// <summary>Allocated bytes of everything in the cache (0 when there is none).</summary>
    public static long Size() => Directory.Exists(Root) ? DiskUsage.AllocatedBytes(Root) : 0;

    /// <summary>Deletes the cache and returns the bytes it took.</summary>
    public static long Clear()
    {
        long size = Size();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        return size;
    }
}
