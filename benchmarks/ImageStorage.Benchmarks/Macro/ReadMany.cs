using BenchmarkDotNet.Attributes;
using ImageStorage.Benchmarks.Infrastructure;

namespace ImageStorage.Benchmarks.Macro;

/// <summary>The article's read-many: open the store, read all N images and labels into memory, close.</summary>
[BenchmarkCategory("Macro", "Read")]
public class ReadMany : StoreBenchmark
{
    private ImageBatch _expected = null!;
    private string _path = null!;
    private ImageBatch? _last;

    /// <summary>Images in the store, all of which each operation reads.</summary>
    [ParamsSource(nameof(Counts))]
    public int Count { get; set; }

    /// <summary>The counts of this run (the article's, or --counts, or the smoke counts).</summary>
    public static IEnumerable<int> Counts => SuiteSettings.Current.Counts;

    /// <summary>Writes the store once and checks a first read of it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        CreateWorkDirectory();
        _expected = BenchmarkData.Images(Count);
        _path = StorePath("store");
        ImageStores.Write(Method, _path, _expected);
        RecordDiskUsage(_path, ("Count", Count));
        Verify(_expected, Read(), "first read");
    }

    /// <summary>Opens, reads every image and label, closes.</summary>
    [Benchmark]
    public ImageBatch Read()
    {
        using var store = ImageStores.Open(_path);
        return _last = store.ReadAll();
    }

    /// <summary>Checks the last read of the run, then deletes the store.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        try
        {
            Verify(_expected, _last, "last read");
        }
        finally
        {
            DeleteWorkDirectory();
        }
    }
}
