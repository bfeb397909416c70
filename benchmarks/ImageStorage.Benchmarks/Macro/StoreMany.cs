using BenchmarkDotNet.Attributes;
using ImageStorage.Benchmarks.Infrastructure;

namespace ImageStorage.Benchmarks.Macro;

/// <summary>The article's store-many: write N images and labels as a new store, committed and durable.</summary>
[BenchmarkCategory("Macro", "Store")]
public class StoreMany : StoreBenchmark
{
    private ImageBatch _images = null!;
    private int _written;

    /// <summary>Images each operation stores.</summary>
    [ParamsSource(nameof(Counts))]
    public int Count { get; set; }

    /// <summary>The counts of this run (the article's, or --counts, or the smoke counts).</summary>
    public static IEnumerable<int> Counts => SuiteSettings.Current.Counts;

    /// <summary>Prepares the images and proves one store of them reads back exactly.</summary>
    [GlobalSetup]
    public void Setup()
    {
        CreateWorkDirectory();
        _images = BenchmarkData.Images(Count);
        string probe = StorePath("probe");
        ImageStores.Write(Method, probe, _images);
        RecordDiskUsage(probe, ("Count", Count));
        using (var store = ImageStores.Open(probe))
        {
            Verify(_images, store.ReadAll(), "store then read");
        }

        EmptyWorkDirectory();
    }

    /// <summary>Writes a fresh store of all the images.</summary>
    [Benchmark]
    public void Store() => ImageStores.Write(Method, StorePath("store-" + _written++), _images);

    /// <summary>Deletes this iteration's store, outside the timed body.</summary>
    [IterationCleanup]
    public void DeleteStores()
    {
        EmptyWorkDirectory();
    }

    /// <summary>Deletes the scratch directory.</summary>
    [GlobalCleanup]
    public void Cleanup() => DeleteWorkDirectory();
}
