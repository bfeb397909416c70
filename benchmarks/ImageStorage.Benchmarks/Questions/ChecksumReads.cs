using BenchmarkDotNet.Attributes;
using ImageStorage.Benchmarks.Infrastructure;

namespace ImageStorage.Benchmarks.Questions;

/// <summary>
/// What checking every image's checksum on read costs: read-many at the run's largest count (100,000 images by default;
/// PNG at 10,000) with <see cref="StoreOptions.VerifyChecksums"/> off (the library's default) and on, for every method.
/// </summary>
[BenchmarkCategory("Questions", "Read", "Checksums")]
[ValidCases(nameof(IsLargestButPngCapped))]
public class ChecksumReads : ManyImagesBenchmark
{
    /// <summary>Images in the store, all of which each operation reads: the run's largest count, where the default is decided.</summary>
    [ParamsSource(nameof(LargestButPngCapped))]
    public override int Count { get; set; }

    /// <summary>Whether each read checks the CRC-32 of every image it returns.</summary>
    [Params(false, true)]
    public bool Checksums { get; set; }

    /// <inheritdoc />
    protected override StoreOptions ReadOptions => new() { VerifyChecksums = Checksums };

    /// <summary>Opens the store, reads every image and label (checking each checksum when asked), closes.</summary>
    [Benchmark]
    public ImageBatch Read() => Keep(ReadStore());
}
