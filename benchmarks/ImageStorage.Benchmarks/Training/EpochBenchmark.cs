using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Parameters;
using ImageStorage.Benchmarks.Infrastructure;
using ImageStorage.Loading;

namespace ImageStorage.Benchmarks.Training;

/// <summary>
/// An experiment that feeds a training loop: one operation is one epoch of the store's images in batches of
/// <see cref="BatchSize"/>, through a <see cref="BatchLoader"/>. The questions' count (10,000 by default;
/// <c>--question-count 100000</c> for 100,000) for every method but PNG, which decodes every image and
/// stops at 1,000 (the Images/s column compares them). Every epoch checks
/// that it yielded each image once with its label; cleanup checks the pixels of the last batch.
/// </summary>
[ValidCases(nameof(IsQuestionButPngCapped))]
public abstract class EpochBenchmark : ManyImagesBenchmark
{
    /// <summary>Images per batch, as the issue and most CIFAR training scripts use.</summary>
    public const int BatchSize = 256;

    private IImageStore? _store;
    private long _labelSum;

    /// <summary>Images in the store; one epoch reads each once.</summary>
    [ParamsSource(nameof(QuestionButPngCapped))]
    public override int Count { get; set; }

    /// <summary>The loader of the current measurement (its last batch is checked at cleanup).</summary>
    protected BatchLoader? Loader { get; private set; }

    /// <summary>Writes the store (and checks a first read of it), then notes what every epoch's labels add up to.</summary>
    public override void Setup()
    {
        base.Setup();
        long sum = 0;
        foreach (int label in Expected.Labels)
        {
            sum += label;
        }

        _labelSum = sum;
    }

    /// <summary>The loader options of this case: seeded, four batches read ahead, on every core.</summary>
    protected static LoaderOptions LoaderFor(LoaderOrder order, BatchLayout layout, int epochs) => new()
    {
        BatchSize = BatchSize,
        Epochs = epochs,
        Order = order,
        Layout = layout,
        Seed = BenchmarkData.Seed,
        Prefetch = 4,
    };

    /// <summary>Opens the store and a loader over it (closing any previous pair); the store is closed with it at cleanup.</summary>
    protected BatchLoader OpenLoader(LoaderOptions options)
    {
        CloseLoader();
        _store = ImageStores.Open(StoreFile);
        Loader = new BatchLoader(_store, options);
        return Loader;
    }

    /// <summary>Stops the loader, then closes its store (in that order: the loader's threads read the store).</summary>
    protected void CloseLoader()
    {
        Loader?.Dispose();
        _store?.Dispose();
        Loader = null;
        _store = null;
    }

    /// <summary>
    /// Takes one epoch of batches from <paramref name="loader"/>, calling <paramref name="step"/> on each (the
    /// training step), and throws unless it held every image once with its label. Returns the images.
    /// </summary>
    protected long RunEpoch(BatchLoader loader, Action<LoaderBatch>? step = null)
    {
        ArgumentNullException.ThrowIfNull(loader);
        return RunEpoch(loader.BatchesPerEpoch, () => loader.MoveNext() ? loader.Current : null, step);
    }

    /// <summary>Like <see cref="RunEpoch(BatchLoader, Action{LoaderBatch}?)"/>, for any loader: <paramref name="next"/> moves to the next batch (null after the last).</summary>
    protected long RunEpoch(int batches, Func<LoaderBatch?> next, Action<LoaderBatch>? step = null)
    {
        ArgumentNullException.ThrowIfNull(next);
        long images = 0, ids = 0, squares = 0, labels = 0;
        for (int b = 0; b < batches; b++)
        {
            var batch = next() ?? throw new InvalidOperationException($"{BenchmarkClass.Name} {Method}: the loader ended after {b} batches of an epoch of {batches}.");
            foreach (int id in batch.Ids)
            {
                ids += id;
                squares += (long)id * id;
            }

            foreach (int label in batch.Labels)
            {
                labels += label;
            }

            images += batch.Count;
            step?.Invoke(batch);
        }

        // Each id 0..n−1 once adds up to n(n−1)/2 and its squares to (n−1)n(2n−1)/6; anything else lost, repeated or mislabelled an image.
        long n = Count;
        if (images != n || ids != n * (n - 1) / 2 || squares != (n - 1) * n * (2 * n - 1) / 6 || labels != _labelSum)
        {
            throw new InvalidOperationException($"{BenchmarkClass.Name} {Method}: an epoch yielded {images} images (id sum {ids}, of squares {squares}, label sum {labels}), not each of the {Count} once (label sum {_labelSum}).");
        }

        return images;
    }

    /// <summary>Records, for the Cached column, the most of the store found cached right after an eviction.</summary>
    protected void RecordResidentAfterEviction(double fraction) =>
        CachedAfterEvictionColumn.Write(SuiteSettings.Current.SideFilesPath, BenchmarkClass, Parameters(), fraction);

    /// <summary>Checks the pixels of the loader's last batch against the stored images, in its layout, then closes the loader.</summary>
    protected override void CheckLastRead()
    {
        try
        {
            if (Loader is { } loader)
            {
                CheckBatch(loader.Current);
            }
        }
        finally
        {
            CloseLoader();
        }
    }

    /// <summary>Throws unless <paramref name="batch"/> holds the stored images of its ids in its layout.</summary>
    protected void CheckBatch(LoaderBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var shape = Expected.Shape;
        var stored = Expected.Gather(batch.Ids);
        bool same = batch.Layout switch
        {
            BatchLayout.NhwcUInt8 => stored.Pixels.SequenceEqual(batch.Bytes),
            BatchLayout.NchwUInt8 => Nchw(stored, shape).SequenceEqual(batch.Bytes),
            _ => NchwFloats(stored, shape).AsSpan().SequenceEqual(batch.Floats),
        };
        if (!same || !stored.Labels.SequenceEqual(batch.Labels))
        {
            throw new InvalidOperationException($"{BenchmarkClass.Name} {Method}: batch {batch.Index} of epoch {batch.Epoch} differs from the stored images of its ids.");
        }
    }

    private static byte[] Nchw(ImageBatch images, ImageShape shape)
    {
        byte[] result = new byte[images.Pixels.Length];
        ImageLayouts.ToNchw(images.Pixels, result, shape);
        return result;
    }

    private static float[] NchwFloats(ImageBatch images, ImageShape shape)
    {
        float[] result = new float[images.Pixels.Length];
        ImageLayouts.ToNchw(images.Pixels, result, shape);
        return result;
    }
}
