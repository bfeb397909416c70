using BenchmarkDotNet.Attributes;
using ImageStorage.Benchmarks.Infrastructure;

namespace ImageStorage.Benchmarks.Micro;

/// <summary>
/// Reading one image and its label: as the article does (open the store, read, close), and from a store that is
/// already open, as a training loop does. Each operation compares what it read with the stored image.
/// </summary>
[BenchmarkCategory("Micro", "Read")]
public class ReadSingle : StoreBenchmark
{
    private ImageBatch _expected = null!;
    private string _path = null!;
    private IImageStore? _open;
    private byte[] _buffer = null!;
    private int _next;

    /// <summary>Images in the store read from (the article reads from one-image stores; a real store has many).</summary>
    [Params(1_000)]
    public int StoreCount { get; set; }

    /// <summary>Writes the store; nothing stays open, so each open is a real one (LMDB shares one environment per path in a process).</summary>
    [GlobalSetup(Target = nameof(OpenReadClose))]
    public void Setup()
    {
        _expected = BenchmarkData.Images(StoreCount);
        _path = StorePath("store");
        ImageStores.Write(Method, _path, _expected);
        RecordDiskUsage(_path);
        _buffer = new byte[_expected.Shape.ByteCount];
    }

    /// <summary>Writes the store and opens it once for the open-store variant.</summary>
    [GlobalSetup(Target = nameof(ReadOpenStore))]
    public void SetupOpen()
    {
        Setup();
        _open = Hold(ImageStores.Open(_path));
    }

    /// <summary>Opens the store, reads the middle image and its label, closes.</summary>
    [Benchmark]
    public int OpenReadClose()
    {
        using var store = ImageStores.Open(_path);
        int id = StoreCount / 2;
        return Check(id, store.Read(id, _buffer));
    }

    /// <summary>Reads one image and its label from the open store, a different id each time.</summary>
    [Benchmark]
    public int ReadOpenStore()
    {
        int id = _next;
        _next = (_next + 397) % StoreCount;
        return Check(id, _open!.Read(id, _buffer));
    }

    // A 3 KB comparison costs tens of nanoseconds, far below the read it checks.
    private int Check(int id, int label)
    {
        if (label != _expected.Labels[id] || !_buffer.AsSpan().SequenceEqual(_expected.Image(id)))
        {
            throw new InvalidOperationException($"ReadSingle {Method}: image {id} read back differs from the one stored.");
        }

        return label;
    }
}
