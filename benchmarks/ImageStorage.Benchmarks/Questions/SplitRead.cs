using BenchmarkDotNet.Attributes;
using ImageStorage.Benchmarks.Infrastructure;
using ImageStorage.Partitioned;

namespace ImageStorage.Benchmarks.Questions;

/// <summary>
/// The article's advice for parallel access, one store per worker: the data set is split into Threads parts of contiguous
/// ids, and each operation opens the split store, reads part p on thread p into its slice of one batch, and closes it.
/// </summary>
[BenchmarkCategory("Questions", "Read", "Parallel")]
public class SplitRead : ReadBenchmark
{
    private string _path = null!;

    /// <summary>Images in the store, all of which each operation reads.</summary>
    [ParamsSource(nameof(QuestionCount))]
    public int Count { get; set; }

    /// <summary>Parts in the store, each read by its own thread.</summary>
    [ParamsSource(nameof(ReaderThreads))]
    public int Threads { get; set; }

    /// <summary>Writes the split store once and checks a first read of it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Expected = BenchmarkData.Images(Count);
        // A partitioned store is always a directory, whatever its parts are, so no .h5 suffix here.
        _path = Path.Combine(WorkDirectory, "split");
        PartitionedStore.Write(Method, _path, Expected, ContiguousParts(Count, Threads));
        RecordDiskUsage(_path);
        CheckFirstRead(Read());
    }

    /// <summary>Opens the store, reads every part on its own thread into one batch, closes.</summary>
    [Benchmark]
    public ImageBatch Read()
    {
        using var store = PartitionedStore.Open(_path);
        var batch = ImageBatch.Allocate(store.Shape, store.Count);
        var readers = new Task[store.PartCount];
        int offset = 0;
        for (int p = 0; p < store.PartCount; p++)
        {
            var part = store.Part(p);
            var slice = batch.Slice(offset, part.Count);
            readers[p] = Task.Factory.StartNew(() => ReadInto(part, slice), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            offset += part.Count;
        }

        Task.WaitAll(readers);
        return Keep(batch);
    }

    // Part p holds ids [p·count/parts, (p+1)·count/parts): contiguous, so the parts laid end to end are the data set.
    private static int[][] ContiguousParts(int count, int parts) =>
        [.. Enumerable.Range(0, parts).Select(p => Enumerable.Range(p * count / parts, ((p + 1) * count / parts) - (p * count / parts)).ToArray())];

    private static void ReadInto(IImageStore part, ImageBatch slice)
    {
        using (part)
        {
            // Each part reads straight into its share of the batch: a view, nothing copied twice.
            part.ReadRange(0, slice);
        }
    }
}
