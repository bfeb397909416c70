using ImageStorage.Datasets;

namespace ImageStorage.Benchmarks.Infrastructure;

/// <summary>
/// The images every benchmark stores and reads: the seeded synthetic set, or real CIFAR-10 training images. Counts
/// beyond the data set repeat it, as the article doubles CIFAR's 50,000 images to reach 100,000.
/// </summary>
public static class BenchmarkData
{
    /// <summary>The suite's one seed: the synthetic images, the random read order and the k-fold assignment all derive from it.</summary>
    public const ulong Seed = SyntheticImages.DefaultSeed;

    private static readonly Lock Gate = new();
    private static ImageBatch? _source;

    /// <summary>The first <paramref name="count"/> images (and labels) of the configured data set.</summary>
    public static ImageBatch Images(int count)
    {
        var source = Source();
        if (count <= source.Count)
        {
            return count == source.Count ? source : source.Slice(0, count);
        }

        var result = ImageBatch.Allocate(source.Shape, count);
        for (int at = 0; at < count; at += source.Count)
        {
            int n = Math.Min(source.Count, count - at);
            source.Images(0, n).CopyTo(result.Images(at, n));
            source.Labels.Slice(0, n).CopyTo(result.Labels.Slice(at));
        }

        return result;
    }

    /// <summary>A one-line description of the data set, for the run log and record (loading it, so a bad one fails here).</summary>
    public static string Describe(SuiteSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        int largest = settings.Counts.Max();
        if (settings.Dataset == "synthetic")
        {
            return $"synthetic data set (seed {Seed}, 32×32×3, natural-image statistics)";
        }

        int available = Source().Count;
        string repeat = largest > available ? $"; counts above {available} repeat the data set ({largest} = {(double)largest / available:0.##} x)" : string.Empty;
        return $"{settings.Dataset} ({available} training images){repeat}";
    }

    private static ImageBatch Source()
    {
        lock (Gate)
        {
            if (_source is not null)
            {
                return _source;
            }

            var settings = SuiteSettings.Current;
            _source = settings.Dataset == "synthetic"
                ? Synthetic(settings.Counts.Max())
                : Cifar10Folder.ReadTraining(settings.Dataset["cifar10:".Length..]);
            return _source;
        }
    }

    // Drawing 100,000 images takes seconds and every benchmark process needs them, so the first one keeps them in
    // a Raw store in the data-set cache that the others, and later runs, read in a fraction of that.
    private static ImageBatch Synthetic(int count)
    {
        string cache = DataCache.SyntheticStore(Seed, count);
        try
        {
            using var store = ImageStores.Open(cache);
            if (store.Count == count && store.Shape == ImageShape.Cifar10)
            {
                return store.ReadAll();
            }
        }
        catch (ImageStoreException)
        {
            // No usable cache yet: draw the images and keep them.
        }

        var images = SyntheticImages.Generate(count, Seed);
        ImageStores.Write(StoreKind.Raw, cache, images, new StoreOptions { Overwrite = true });
        return images;
    }
}
