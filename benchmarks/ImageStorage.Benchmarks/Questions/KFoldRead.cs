using BenchmarkDotNet.Attributes;
using ImageStorage.Benchmarks.Infrastructure;
using ImageStorage.Partitioned;

namespace ImageStorage.Benchmarks.Questions;

/// <summary>
/// k-fold cross validation planned at storage time, as the article advises: the data set is stored as k = 5 stratified
/// folds, and each operation opens it and reads the training split of fold 0 (the other four folds) into one batch.
/// </summary>
[BenchmarkCategory("Questions", "Read", "KFold")]
public class KFoldRead : StoreBenchmark
{
    private const int K = 5;
    private const int TestFold = 0;
    private const ulong Seed = 20191212;

    private ImageBatch _expected = null!;
    private string _path = null!;
    private ImageBatch? _last;

    /// <summary>Images in the store; each operation reads the (K − 1) / K of them in the training split.</summary>
    [ParamsSource(nameof(Counts))]
    public int Count { get; set; }

    /// <summary>One count: the run's largest, capped at 10,000 so that an operation stays under a second even for PNG.</summary>
    public static IEnumerable<int> Counts => [Math.Min(10_000, SuiteSettings.Current.Counts.Max())];

    /// <summary>Writes the folds once, gathers the training images they should give back, and checks a first read.</summary>
    [GlobalSetup]
    public void Setup()
    {
        CreateWorkDirectory();
        var images = BenchmarkData.Images(Count);
        // A partitioned store is always a directory, whatever its parts are, so no .h5 suffix here.
        _path = Path.Combine(WorkDirectory, "folds");
        KFold.Write(Method, _path, images, K, Seed);
        RecordDiskUsage(_path, ("Count", Count));

        using (var store = PartitionedStore.Open(_path))
        {
            var trainIds = new List<int>();
            for (int p = 0; p < store.PartCount; p++)
            {
                if (p != TestFold)
                {
                    trainIds.AddRange(store.SourceIds(p));
                }
            }

            _expected = ImageBatch.Allocate(images.Shape, trainIds.Count);
            for (int i = 0; i < trainIds.Count; i++)
            {
                images.Image(trainIds[i]).CopyTo(_expected.Image(i));
                _expected.Labels[i] = images.Labels[trainIds[i]];
            }
        }

        Verify(_expected, Read(), "first read");
    }

    /// <summary>Opens the store, reads the training split of fold 0, closes.</summary>
    [Benchmark]
    public ImageBatch Read()
    {
        using var store = PartitionedStore.Open(_path);
        var (train, test) = KFold.Split(store, TestFold);
        using (train)
        using (test)
        {
            return _last = train.ReadAll();
        }
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
