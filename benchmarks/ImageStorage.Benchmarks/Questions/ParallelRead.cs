using BenchmarkDotNet.Attributes;
using ImageStorage.Benchmarks.Infrastructure;

namespace ImageStorage.Benchmarks.Questions;

/// <summary>
/// The article's parallel-access question: one open store read by 1, 2 or 4 threads at once, each thread its own
/// contiguous slice (PNG decodes on the reading thread only, so the thread count is the only parallelism).
/// </summary>
[BenchmarkCategory("Questions", "Read", "Parallel")]
public class ParallelRead : StoreBenchmark
{
    private ImageBatch _expected = null!;
    private string _path = null!;
    private IImageStore _store = null!;
    private ImageBatch[]? _last;

    /// <summary>Reader threads.</summary>
    [Params(1, 2, 4)]
    public int Threads { get; set; }

    /// <summary>Images read per operation: 10,000, or the largest count of the run if smaller.</summary>
    public static int Count => Math.Min(10_000, SuiteSettings.Current.Counts.Max());

    /// <summary>Writes and opens the store, and checks a first read.</summary>
    [GlobalSetup]
    public void Setup()
    {
        CreateWorkDirectory();
        _expected = BenchmarkData.Images(Count);
        _path = StorePath("store");
        ImageStores.Write(Method, _path, _expected);
        RecordDiskUsage(_path, ("Threads", Threads));
        _store = ImageStores.Open(_path, new StoreOptions { DecodeParallelism = 1 });
        VerifySlices(Read(), "first read");
    }

    /// <summary>Reads every image, each thread its slice of the ids, all at once.</summary>
    [Benchmark]
    public ImageBatch[] Read()
    {
        var slices = new ImageBatch[Threads];
        var readers = new Thread[Threads];
        for (int t = 0; t < Threads; t++)
        {
            int slice = t;
            readers[t] = new Thread(() =>
            {
                (int start, int count) = Slice(slice);
                slices[slice] = _store.ReadRange(start, count);
            });
            readers[t].Start();
        }

        foreach (var reader in readers)
        {
            reader.Join();
        }

        return _last = slices;
    }

    /// <summary>Checks the last read, closes and deletes the store.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        try
        {
            VerifySlices(_last, "last read");
        }
        finally
        {
            _store.Dispose();
            DeleteWorkDirectory();
        }
    }

    private (int Start, int Count) Slice(int thread)
    {
        int start = (int)((long)Count * thread / Threads);
        return (start, (int)((long)Count * (thread + 1) / Threads) - start);
    }

    private void VerifySlices(ImageBatch[]? slices, string what)
    {
        for (int t = 0; t < Threads; t++)
        {
            (int start, int count) = Slice(t);
            Verify(_expected.Slice(start, count), slices?[t], $"{what}, thread {t}");
        }
    }
}
