using BenchmarkDotNet.Attributes;
using ImageStorage.Benchmarks.Infrastructure;

namespace ImageStorage.Benchmarks.Macro;

/// <summary>
/// The article's store-many: write <see cref="ManyImagesBenchmark.Count"/> images and labels as a new store, committed
/// and durable. Setup proves a store of them reads back exactly.
/// </summary>
[BenchmarkCategory("Macro", "Store")]
public class StoreMany : ManyImagesBenchmark
{
    /// <summary>Writes a fresh store of all the images.</summary>
    [Benchmark]
    public void Store() => WriteFreshStore(Expected, Options);

    /// <summary>Throws away the iteration's stores, outside the timed body.</summary>
    [IterationCleanup]
    public void DiscardStores() => DiscardFreshStores();
}
