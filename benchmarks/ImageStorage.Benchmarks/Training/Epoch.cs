using BenchmarkDotNet.Attributes;
using ImageStorage.Loading;

namespace ImageStorage.Benchmarks.Training;

/// <summary>
/// One training epoch from a warm page cache: every image of the store once, in batches of 256, in each order and
/// layout, read ahead on background threads. The loader lives for the whole run and each operation takes the next
/// epoch, so the Allocated column is the loader's steady state (and a store's own reads).
/// </summary>
[BenchmarkCategory("Training", "Read")]
public class Epoch : EpochBenchmark
{
    /// <summary>The order of each epoch.</summary>
    [Params(LoaderOrder.Sequential, LoaderOrder.Random, LoaderOrder.BlockRandom)]
    public LoaderOrder Shuffle { get; set; }

    /// <summary>The layout of the batches.</summary>
    [Params(BatchLayout.NhwcUInt8, BatchLayout.NchwFloat32)]
    public BatchLayout Layout { get; set; }

    /// <summary>Writes the store, opens a loader for as many epochs as the run takes, and checks its first epoch batch by batch.</summary>
    public override void Setup()
    {
        base.Setup();
        var loader = OpenLoader(LoaderFor(Shuffle, Layout, epochs: int.MaxValue));
        RunEpoch(loader, CheckBatch);
    }

    /// <summary>Takes the next epoch of batches.</summary>
    [Benchmark]
    public long OneEpoch() => RunEpoch(Loader!);
}
