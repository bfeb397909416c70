using BenchmarkDotNet.Attributes;
using ImageStorage.Benchmarks.Infrastructure;

namespace ImageStorage.Benchmarks.Questions;

/// <summary>
/// An experiment that times both writing a fresh store of its images and reading a store of them back, with the
/// Disk column for the store: its subclasses say which images and which store options.
/// </summary>
public abstract class StoreAndRead : StoreBenchmark
{
    private ImageBatch _images = null!;
    private string _readPath = null!;
    private int _written;
    private ImageBatch? _last;

    /// <summary>Draws or loads the images of this case.</summary>
    protected abstract ImageBatch CreateImages();

    /// <summary>The options every store of this case is written with.</summary>
    protected virtual StoreOptions Options => StoreOptions.Default;

    /// <summary>The parameters (besides Method) that key this case's Disk figure.</summary>
    protected abstract (string Name, object Value)[] DiskKey { get; }

    /// <summary>Prepares the images, writes the store the read benchmark reads, and checks a first read.</summary>
    [GlobalSetup]
    public void Setup()
    {
        CreateWorkDirectory();
        _images = CreateImages();
        _readPath = StorePath("read");
        ImageStores.Write(Method, _readPath, _images, Options);
        RecordDiskUsage(_readPath, DiskKey);
        Verify(_images, Read(), "first read");
    }

    /// <summary>Writes a fresh store of all the images.</summary>
    [Benchmark]
    public void Store() => ImageStores.Write(Method, StorePath("store-" + _written++), _images, Options);

    /// <summary>Opens the store, reads (decoding where the records are encoded) every image and label, closes.</summary>
    [Benchmark]
    public ImageBatch Read()
    {
        using var store = ImageStores.Open(_readPath);
        return _last = store.ReadAll();
    }

    /// <summary>Throws away the stores the store benchmark wrote, outside the timed body.</summary>
    [IterationCleanup(Target = nameof(Store))]
    public void DiscardWritten()
    {
        for (; _written > 0; _written--)
        {
            ScratchSpace.Discard(StorePath("store-" + (_written - 1)));
        }
    }

    /// <summary>Checks the last read and throws everything away.</summary>
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
