using BenchmarkDotNet.Attributes;
using ImageStorage.Benchmarks.Infrastructure;

namespace ImageStorage.Benchmarks.Macro;

/// <summary>The article's read-many: open the store, read all <see cref="ManyImagesBenchmark.Count"/> images and labels into memory, close.</summary>
[BenchmarkCategory("Macro", "Read")]
public class ReadMany : ManyImagesBenchmark
{
    /// <summary>Opens, reads every image and label, closes.</summary>
    [Benchmark]
    public ImageBatch Read() => Keep(ReadStore());
}
