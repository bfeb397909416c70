using System.Globalization;
using ImageStorage.Benchmarks.Infrastructure;
using ImageStorage.IO;

namespace ImageStorage.Benchmarks.Training;

/// <summary>
/// Takes a store's files out of the page cache before an iteration, so that it reads them from disk as a data set
/// larger than memory would be read, and records the fraction still cached (the Cached column). Eviction that does not
/// work — a tmpfs scratch folder keeps everything in memory — fails the run instead of timing a warm cache.
/// </summary>
public static class ColdStore
{
    /// <summary>The most of a store's pages that may stay cached for a measurement to count as cold.</summary>
    public const double MaxResident = 0.05;

    /// <summary>Drops the store at <paramref name="path"/> (which nothing may have open) from the page cache and returns the fraction still cached.</summary>
    public static double Evict(string path)
    {
        PageCache.Evict(path);
        double resident = PageCache.ResidentFraction(path);
        if (resident > MaxResident)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{path}: {resident:P1} of the store is still in the page cache after eviction (at most {MaxResident:P0} may be): is {ScratchSpace.Root} on tmpfs? Set IMAGESTORAGE_BENCH_WORK to a folder on disk."));
        }

        return resident;
    }
}
