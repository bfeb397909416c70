using BenchmarkDotNet.Attributes;

namespace ImageStorage.Benchmarks.Infrastructure;

/// <summary>
/// An experiment on one store of <see cref="Count"/> images: setup writes it (the Disk column records it) and checks
/// a first read of it; subclasses time reading it, storing the images again, or both.
/// </summary>
public abstract class ManyImagesBenchmark : ReadBenchmark
{
    /// <summary>Images in the store.</summary>
    [ParamsSource(nameof(RunCounts))]
    public virtual int Count { get; set; }

    /// <summary>The store setup wrote.</summary>
    protected string StoreFile { get; private set; } = null!;

    /// <summary>The options every store of this case is written with.</summary>
    protected virtual StoreOptions Options => StoreOptions.Default;

    /// <summary>The options the store is opened with for reading.</summary>
    protected virtual StoreOptions ReadOptions => StoreOptions.Default;

    /// <summary>Writes the store and checks a first read of it; subclasses that need more (an open store) extend it.</summary>
    [GlobalSetup]
    public virtual void Setup()
    {
        Expected = CreateImages();
        StoreFile = StorePath("store");
        ImageStores.Write(Method, StoreFile, Expected, Options);
        RecordDiskUsage(StoreFile);
        CheckFirstRead(ReadStore());
    }

    /// <summary>The images of this case: by default the first <see cref="Count"/> of the run's data set.</summary>
    protected virtual ImageBatch CreateImages() => BenchmarkData.Images(Count);

    /// <summary>Opens the store, reads (decoding where the records are encoded) every image and label, closes.</summary>
    protected ImageBatch ReadStore()
    {
        using var store = ImageStores.Open(StoreFile, ReadOptions);
        return store.ReadAll();
    }
}
