using BenchmarkDotNet.Attributes;
using ImageStorage.Loading;

namespace ImageStorage.Benchmarks.Training;

/// <summary>
/// One training epoch from a cold page cache: before every iteration the store's files are evicted and the store
/// reopened, so the epoch reads from disk, as a data set larger than memory does. This is where the order matters;
/// <see cref="ColdEpochBaseline"/> is the disk's own sequential speed for the same bytes.
/// </summary>
[BenchmarkCategory("Training", "Read", "Cold")]
public class ColdEpoch : EpochBenchmark
{
    private double _resident;

    /// <summary>The order of each epoch.</summary>
    [Params(LoaderOrder.Sequential, LoaderOrder.Random, LoaderOrder.BlockRandom)]
    public LoaderOrder Shuffle { get; set; }

    /// <summary>Writes the store and checks a first epoch through the loader, batch by batch.</summary>
    public override void Setup()
    {
        base.Setup();
        RunEpoch(OpenLoader(LoaderFor(Shuffle, BatchLayout.NhwcUInt8, epochs: 1)), CheckBatch);
        CloseLoader();
    }

    /// <summary>Closes the store (mapped pages cannot be evicted), evicts its files, and opens it and a fresh loader.</summary>
    [IterationSetup]
    public void EvictAndOpen()
    {
        CloseLoader();
        _resident = Math.Max(_resident, ColdStore.Evict(StoreFile));
        OpenLoader(LoaderFor(Shuffle, BatchLayout.NhwcUInt8, epochs: 1));
        RecordResidentAfterEviction(_resident);
    }

    /// <summary>Reads one epoch from disk.</summary>
    [Benchmark]
    public long OneEpoch() => RunEpoch(Loader!);
}
