using BenchmarkDotNet.Attributes;
using ImageStorage.Benchmarks.Infrastructure;
using ImageStorage.Datasets;

namespace ImageStorage.Benchmarks.Questions;

/// <summary>
/// The article's large-image question: store and read the same 24 MiB of pixels as 32×32, 256×256 or 512×512 RGB
/// images. The Disk column shows whether LMDB's overflow pages inflate its files as the article predicts.
/// </summary>
[BenchmarkCategory("Questions", "Large")]
public class LargeImages : StoreBenchmark
{
    private const long BytesPerRun = 24L << 20;
    private ImageBatch _images = null!;
    private string _readPath = null!;
    private int _written;
    private ImageBatch? _last;

    /// <summary>Height and width of the square RGB images.</summary>
    [Params(32, 256, 512)]
    public int Size { get; set; }

    /// <summary>Images per operation: as many as make 24 MiB (a sixteenth of that in a smoke run).</summary>
    public int Count => (int)Math.Max(4, BytesPerRun / (SuiteSettings.Current.Smoke ? 16 : 1) / (3L * Size * Size));

    /// <summary>Draws the images, writes the store the read benchmark reads, and checks it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        CreateWorkDirectory();
        _images = SyntheticImages.Generate(Count, new ImageShape(Size, Size, 3));
        _readPath = StorePath("read");
        ImageStores.Write(Method, _readPath, _images);
        RecordDiskUsage(_readPath, ("Size", Size));
        Verify(_images, Read(), "first read");
    }

    /// <summary>Writes a fresh store of all the images.</summary>
    [Benchmark]
    public void Store() => ImageStores.Write(Method, StorePath("store-" + _written++), _images);

    /// <summary>Opens the store, reads every image and label, closes.</summary>
    [Benchmark]
    public ImageBatch Read()
    {
        using var store = ImageStores.Open(Method, _readPath);
        return _last = store.ReadAll();
    }

    /// <summary>Deletes the stores the store benchmark wrote, outside the timed body.</summary>
    [IterationCleanup(Target = nameof(Store))]
    public void DeleteWritten()
    {
        for (; _written > 0; _written--)
        {
            ScratchSpace.Discard(StorePath("store-" + (_written - 1)));
        }
    }

    /// <summary>Checks the last read and deletes everything.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        try
        {
            if (_last is not null)
            {
                Verify(_images, _last, "last read");
            }
        }
        finally
        {
            DeleteWorkDirectory();
        }
    }
}
