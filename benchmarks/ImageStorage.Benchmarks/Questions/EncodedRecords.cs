using BenchmarkDotNet.Attributes;
using ImageStorage.Benchmarks.Infrastructure;

namespace ImageStorage.Benchmarks.Questions;

/// <summary>
/// LMDB and HDF5 holding PNG bytes instead of pixels (Caffe's --encoded, FFCV's jpg fields): time to store and read
/// 10,000 images against the disk they take (the Disk column).
/// </summary>
[BenchmarkCategory("Questions", "Encoded")]
public class EncodedRecords : StoreAndRead
{
    /// <summary>The two methods that can hold either.</summary>
    [Params(StoreKind.Lmdb, StoreKind.Hdf5)]
    public override StoreKind Method { get; set; }

    /// <summary>Raw pixels or PNG bytes in each record.</summary>
    [Params(RecordEncoding.Raw, RecordEncoding.Png)]
    public RecordEncoding Encoding { get; set; }

    /// <summary>Images per operation: 10,000, or the largest count of the run if smaller.</summary>
    public static int Count => Math.Min(10_000, SuiteSettings.Current.Counts.Max());

    /// <inheritdoc />
    protected override StoreOptions Options => new() { Encoding = Encoding };

    /// <inheritdoc />
    protected override (string Name, object Value)[] DiskKey => [("Encoding", Encoding)];

    /// <inheritdoc />
    protected override ImageBatch CreateImages() => BenchmarkData.Images(Count);
}
