using BenchmarkDotNet.Attributes;
using ImageStorage.Benchmarks.Infrastructure;

namespace ImageStorage.Benchmarks.Questions;

/// <summary>
/// The article's parallel-access question: one open store read by 1, 2 or 4 threads at once, each thread its own
/// contiguous slice of one batch (PNG decodes on the reading thread only, so the thread count is the only parallelism).
/// </summary>
[BenchmarkCategory("Questions", "Read", "Parallel")]
public class ParallelRead : ManyImagesBenchmark
{
    private IImageStore _store = null!;

    /// <summary>Images in the store, all of which each operation reads.</summary>
    [ParamsSource(nameof(QuestionCount))]
    public override int Count { get; set; }

    /// <summary>Reader threads.</summary>
    [ParamsSource(nameof(ReaderThreads))]
    public int Threads { get; set; }

    /// <summary>Writes the store, opens it for the whole run (decoding on the calling thread only), and checks a first parallel read.</summary>
    public override void Setup()
    {
        base.Setup();
        _store = Hold(ImageStores.Open(StoreFile, new StoreOptions { DecodeParallelism = 1 }));
        CheckFirstRead(Read());
    }

    /// <summary>Reads every image, each thread its slice of the ids into its view of one batch, all at once.</summary>
    [Benchmark]
    public ImageBatch Read()
    {
        var batch = ImageBatch.Allocate(_store.Shape, Count);
        var readers = new Thread[Threads];
        for (int t = 0; t < Threads; t++)
        {
            int start = (int)((long)Count * t / Threads);
            var slice = batch.Slice(start, (int)((long)Count * (t + 1) / Threads) - start);
            readers[t] = new Thread(() => _store.ReadRange(start, slice));
            readers[t].Start();
        }

        foreach (var reader in readers)
        {
            reader.Join();
        }

        return Keep(batch);
    }
}
