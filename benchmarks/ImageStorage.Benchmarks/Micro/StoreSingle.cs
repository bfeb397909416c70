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
        _image = BenchmarkData.Images(1);
        Store();
        string probe = StorePath("store-0");
        RecordDiskUsage(probe);
        using var store = ImageStores.Open(probe);
        Verify(_image, store.ReadAll(), "store then read");
    }

    /// <summary>Creates a store, adds one image (id 0), commits; the stores stay until cleanup (each is a few KB).</summary>
    [Benchmark]
    public void Store()
    {
        using var writer = ImageStores.Create(Method, StorePath("store-" + _written++), _image.Shape);
        writer.Add(_image.Image(0), _image.Labels[0]);
        writer.Commit();
    }
}
