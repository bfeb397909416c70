using BenchmarkDotNet.Attributes;
using ImageStorage.Benchmarks.Infrastructure;

namespace ImageStorage.Benchmarks.Questions;

/// <summary>
/// LMDB and HDF5 holding PNG bytes instead of pixels (Caffe's --encoded, FFCV's jpg fields): time to store and read
/// 10,000 images against the disk they take (the Disk column).
/// </summary>
[BenchmarkCategory("Questions", "Encoded")]
public class EncodedRecords : StoreBenchmark
{
    private ImageBatch _images = null!;
    private string _readPath = null!;
    private int _written;
    private ImageBatch? _last;

    /// <summary>The two methods that can hold either.</summary>
    [Params(StoreKind.Lmdb, StoreKind.Hdf5)]
    public override StoreKind Method { get; set; }

    /// <summary>Raw pixels or PNG bytes in each record.</summary>
    [Params(RecordEncoding.Raw, RecordEncoding.Png)]
    public RecordEncoding Encoding { get; set; }

    /// <summary>Images per operation: 10,000, or the largest count of the run if smaller.</summary>
    public static int Count => Math.Min(10_000, SuiteSettings.Current.Counts.Max());

    /// <summary>Writes the store the read benchmark reads and checks it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        CreateWorkDirectory();
        _images = BenchmarkData.Images(Count);
        _readPath = StorePath("read");
        Write(_readPath);
        RecordDiskUsage(_readPath, ("Encoding", Encoding));
        Verify(_images, Read(), "first read");
    }

    /// <summary>Writes a fresh store of all the images with the chosen encoding.</summary>
    [Benchmark]
    public void Store() => Write(StorePath("store-" + _written++));

    /// <summary>Opens the store, reads (and for PNG decodes) every image, closes.</summary>
    [Benchmark]
    public ImageBatch Read()
    {
        using var store = ImageStores.Open(Method, _readPath);
        return _last = store.ReadAll();
    }

    /// <summary>Deletes the stores the store benchmark wrote, outside the timed body.</summary>
    [IterationCleanup(Target = nameof(Store))]
    public void DeleteWritten()
    {
        for (; _written > 0; _written--)
        {
            ScratchSpace.Discard(StorePath("store-" + (_written - 1)));
        }
    }

    /// <summary>Checks the last read and deletes everything.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        try
        {
            if (_last is not null)
            {
                Verify(_images, _last, "last read");
            }
        }
        finally
        {
            DeleteWorkDirectory();
        }
    }

    private void Write(string path) => ImageStores.Write(Method, path, _images, new StoreOptions { Encoding = Encoding });
}
