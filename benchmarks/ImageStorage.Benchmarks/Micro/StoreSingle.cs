using BenchmarkDotNet.Attributes;
using ImageStorage.Benchmarks.Infrastructure;

namespace ImageStorage.Benchmarks.Micro;

/// <summary>The article's store-one: write one image and its label as a new store, committed and durable.</summary>
[BenchmarkCategory("Micro", "Store")]
public class StoreSingle : StoreBenchmark
{
    private ImageBatch _image = null!;
    private int _written;

    /// <summary>Prepares the image and proves a store of it reads back exactly.</summary>
    [GlobalSetup]
    public void Setup()
    {
        CreateWorkDirectory();
        _image = BenchmarkData.Images(1);
        string probe = StorePath("probe");
        Store(probe);
        RecordDiskUsage(probe);
        using var store = ImageStores.Open(probe);
        Verify(_image, store.ReadAll(), "store then read");
    }

    /// <summary>Creates a store, stores one image under id 0, commits.</summary>
    [Benchmark]
    public void Store() => Store(StorePath("store-" + _written++));

    /// <summary>Deletes every store written.</summary>
    [GlobalCleanup]
    public void Cleanup() => DeleteWorkDirectory();

    private void Store(string path)
    {
        using var writer = ImageStores.Create(Method, path, _image.Shape);
        writer.Add(_image.Image(0), _image.Labels[0]);
        writer.Commit();
    }
}
