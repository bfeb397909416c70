using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using ImageStorage.Loading;

namespace ImageStorage.Benchmarks.Training;

/// <summary>
/// Does read-ahead hide the loading behind training? A simulated 2 ms training step per batch (the calling thread
/// busy, as a CPU step keeps it) with random-order NCHW float batches, against the same steps with no loading at
/// all: the closer the two, the less the data set slows training.
/// </summary>
[BenchmarkCategory("Training", "Read", "Compute")]
public class EpochWithCompute : EpochBenchmark
{
    /// <summary>The simulated training step per batch.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(2);

    /// <summary>The methods fast enough for the question: Raw, LMDB, HDF5.</summary>
    public static IEnumerable<StoreKind> FastMethods => Methods.Where(k => k is StoreKind.Raw or StoreKind.Lmdb or StoreKind.Hdf5);

    /// <inheritdoc />
    [ParamsSource(nameof(FastMethods))]
    public override StoreKind Method { get; set; }

    /// <summary>Writes the store and opens a loader for as many epochs as the run takes.</summary>
    public override void Setup()
    {
        base.Setup();
        var loader = OpenLoader(LoaderFor(LoaderOrder.Random, BatchLayout.NchwFloat32, epochs: int.MaxValue));
        RunEpoch(loader, CheckBatch);
    }

    /// <summary>The training steps of one epoch and nothing else: the floor the loading is measured against.</summary>
    [Benchmark]
    public long ComputeOnly()
    {
        for (int b = 0; b < Loader!.BatchesPerEpoch; b++)
        {
            Compute();
        }

        return Loader.BatchesPerEpoch;
    }

    /// <summary>One epoch of batches with a training step on each.</summary>
    [Benchmark]
    public long LoadAndCompute() => RunEpoch(Loader!, _ => Compute());

    // Busy for one step: a training step occupies its core, so the readers get only what is left.
    private static void Compute()
    {
        long end = Stopwatch.GetTimestamp() + (long)(Step.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end)
        {
            Thread.SpinWait(20);
        }
    }
}
