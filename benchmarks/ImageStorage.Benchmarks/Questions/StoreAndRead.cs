using BenchmarkDotNet.Attributes;
using ImageStorage.Benchmarks.Infrastructure;

namespace ImageStorage.Benchmarks.Questions;

/// <summary>
/// An experiment that times both writing a fresh store of its images and reading the store setup wrote, with the
/// Disk column for that store: its subclasses say which images and which store options.
/// </summary>
public abstract class StoreAndRead : ManyImagesBenchmark
{
    /// <summary>Writes a fresh store of all the images.</summary>
    [Benchmark]
    public void Store() => WriteFreshStore(Expected, Options);

    /// <summary>Opens the store, reads (decoding where the records are encoded) every image and label, closes.</summary>
    [Benchmark]
    public ImageBatch Read() => Keep(ReadStore());

    /// <summary>Throws away the stores the store benchmark wrote, outside the timed body (only it: reads keep many invocations per iteration).</summary>
    [IterationCleanup(Target = nameof(Store))]
    public void DiscardStores() => DiscardFreshStores();
}
