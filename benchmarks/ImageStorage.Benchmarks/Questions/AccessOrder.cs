using BenchmarkDotNet.Attributes;
using ImageStorage.Benchmarks.Infrastructure;

namespace ImageStorage.Benchmarks.Questions;

/// <summary>Which access orders each method likes: one range read, image by image in key order, or in a seeded random order.</summary>
public enum ReadOrder
{
    /// <summary>One ReadRange call over all the images.</summary>
    Range,

    /// <summary>Image by image (ReadMany), ids ascending.</summary>
    KeyOrder,

    /// <summary>Image by image (ReadMany), ids in a seeded random permutation.</summary>
    Random,
}

/// <summary>The article's access-order question: LMDB likes key order; HDF5 likes large ranges and dislikes element-by-element reads.</summary>
[BenchmarkCategory("Questions", "Read", "Order")]
public class AccessOrder : StoreBenchmark
{
    private ImageBatch _stored = null!;
    private IImageStore _store = null!;
    private int[] _ids = null!;
    private ImageBatch? _last;

    /// <summary>The order the images are read in.</summary>
    [Params(ReadOrder.Range, ReadOrder.KeyOrder, ReadOrder.Random)]
    public ReadOrder Order { get; set; }

    /// <summary>Images read per operation: 10,000, or the largest count of the run if smaller.</summary>
    public static int Count => Math.Min(10_000, SuiteSettings.Current.Counts.Max());

    /// <summary>Writes and opens the store, prepares the ids and checks a first read.</summary>
    [GlobalSetup]
    public void Setup()
    {
        CreateWorkDirectory();
        _stored = BenchmarkData.Images(Count);
        string path = StorePath("store");
        ImageStores.Write(Method, path, _stored);
        RecordDiskUsage(path, ("Order", Order));
        _store = ImageStores.Open(path);
        _ids = Enumerable.Range(0, Count).ToArray();
        if (Order == ReadOrder.Random)
        {
            new Random(20191212).Shuffle(_ids);
        }

        Check(Read(), "first read");
    }

    /// <summary>Reads all the images in the chosen order.</summary>
    [Benchmark]
    public ImageBatch Read() => _last = Order == ReadOrder.Range ? _store.ReadRange(0, Count) : _store.ReadMany(_ids);

    /// <summary>Checks the last read, closes and deletes the store.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        try
        {
            Check(_last, "last read");
        }
        finally
        {
            _store.Dispose();
            DeleteWorkDirectory();
        }
    }

    private void Check(ImageBatch? read, string what)
    {
        var expected = ImageBatch.Allocate(_stored.Shape, Count);
        for (int i = 0; i < Count; i++)
        {
            _stored.Image(_ids[i]).CopyTo(expected.Image(i));
            expected.Labels[i] = _stored.Labels[_ids[i]];
        }

        Verify(expected, read, what);
    }
}
