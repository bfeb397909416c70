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
public class AccessOrder : ManyImagesBenchmark
{
    private IImageStore _store = null!;
    private int[] _ids = null!;

    /// <summary>Images in the store, all of which each operation reads.</summary>
    [ParamsSource(nameof(QuestionCount))]
    public override int Count { get; set; }

    /// <summary>The order the images are read in.</summary>
    [Params(ReadOrder.Range, ReadOrder.KeyOrder, ReadOrder.Random)]
    public ReadOrder Order { get; set; }

    /// <summary>Writes the store, opens it for the whole run, and checks a first read in the chosen order.</summary>
    public override void Setup()
    {
        base.Setup();
        _store = Hold(ImageStores.Open(StoreFile));
        _ids = Enumerable.Range(0, Count).ToArray();
        if (Order == ReadOrder.Random)
        {
            new Random(unchecked((int)BenchmarkData.Seed)).Shuffle(_ids);
        }

        Expected = Expected.Gather(_ids);
        CheckFirstRead(Read());
    }

    /// <summary>Reads all the images in the chosen order.</summary>
    [Benchmark]
    public ImageBatch Read() => Keep(Order == ReadOrder.Range ? _store.ReadRange(0, Count) : _store.ReadMany(_ids));
}
