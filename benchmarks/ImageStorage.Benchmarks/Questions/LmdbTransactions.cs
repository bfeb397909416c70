using BenchmarkDotNet.Attributes;
using ImageStorage.Benchmarks.Infrastructure;

namespace ImageStorage.Benchmarks.Questions;

/// <summary>
/// The article's LMDB planning question, how big a transaction should be: store-many of the run's largest count
/// committing every 1,000 or 10,000 records, or once for everything (0). Each commit is an fsync.
/// </summary>
[BenchmarkCategory("Questions", "Store", "Lmdb")]
public class LmdbTransactions : StoreBenchmark
{
    private ImageBatch _images = null!;
    private int _written;

    /// <summary>LMDB only: the question is about its transactions.</summary>
    [Params(StoreKind.Lmdb)]
    public override StoreKind Method { get; set; } = StoreKind.Lmdb;

    /// <summary>Records per write transaction (0: all in one).</summary>
    [Params(1_000, 10_000, 0)]
    public int RecordsPerTransaction { get; set; }

    /// <summary>Images per operation: the run's largest count.</summary>
    public static int Count => SuiteSettings.Current.Counts.Max();

    /// <summary>Prepares the images and proves a store written this way reads back exactly.</summary>
    [GlobalSetup]
    public void Setup()
    {
        CreateWorkDirectory();
        _images = BenchmarkData.Images(Count);
        string probe = StorePath("probe");
        Write(probe);
        RecordDiskUsage(probe, ("RecordsPerTransaction", RecordsPerTransaction));
        using var store = ImageStores.Open(probe);
        Verify(_images, store.ReadAll(), "store then read");
    }

    /// <summary>Writes a fresh LMDB store of all the images in transactions of the chosen size.</summary>
    [Benchmark]
    public void Store() => Write(StorePath("store-" + _written++));

    /// <summary>Deletes this iteration's store, outside the timed body.</summary>
    [IterationCleanup]
    public void DeleteStores()
    {
        EmptyWorkDirectory();
    }

    /// <summary>Deletes the scratch directory.</summary>
    [GlobalCleanup]
    public void Cleanup() => DeleteWorkDirectory();

    private void Write(string path)
    {
        using var writer = ImageStores.Create(StoreKind.Lmdb, path, _images.Shape, new StoreOptions { LmdbRecordsPerTransaction = RecordsPerTransaction });
        writer.AddMany(_images);
        writer.Commit();
    }
}
