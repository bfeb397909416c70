using BenchmarkDotNet.Attributes;
using ImageStorage.Benchmarks.Infrastructure;
using ImageStorage.Partitioned;

namespace ImageStorage.Benchmarks.Questions;

/// <summary>
/// k-fold cross validation planned at storage time, as the article advises: the data set is stored as k = 5 stratified
/// folds, and each operation opens it and reads the training split of fold 0 (the other four folds) into one batch.
/// </summary>
[BenchmarkCategory("Questions", "Read", "KFold")]
public class KFoldRead : ReadBenchmark
{
    private const int K = 5;
    private const int TestFold = 0;

    private string _path = null!;

    /// <summary>Images in the store; each operation reads the (K − 1) / K of them in the training split.</summary>
    [ParamsSource(nameof(QuestionCount))]
    public int Count { get; set; }

    /// <summary>Writes the folds once, gathers the training images they should give back, and checks a first read.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var images = BenchmarkData.Images(Count);
        // A partitioned store is always a directory, whatever its parts are, so no .h5 suffix here.
        _path = Path.Combine(WorkDirectory, "folds");
        KFold.Write(Method, _path, images, K, BenchmarkData.Seed);
        RecordDiskUsage(_path);

        using (var store = PartitionedStore.Open(_path))
        {
            int[] trainIds = [.. Enumerable.Range(0, store.PartCount).Where(p => p != TestFold).SelectMany(p => store.SourceIds(p).ToArray())];
            Expected = images.Gather(trainIds);
        }

        CheckFirstRead(Read());
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
            return Keep(train.ReadAll());
        }
    }
}
