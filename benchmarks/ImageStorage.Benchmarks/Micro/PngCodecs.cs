using BenchmarkDotNet.Attributes;
using ImageStorage.Datasets;
using ImageStorage.Png;

namespace ImageStorage.Benchmarks.Micro;

/// <summary>
/// One image encoded or decoded by each PNG codec, as the stores call it (one thread, the store's encode settings),
/// at CIFAR's 32×32×3 and at 256×256×3, with the managed bytes each allocates. Each operation takes the next of 16
/// seeded synthetic images, so no single picture decides the figure; every decode is compared with the image encoded.
/// </summary>
[BenchmarkCategory("Micro", "Codec")]
public class PngCodecs
{
    private const int Images = 16;

    private ImageBatch _images = null!;
    private byte[][] _files = null!;
    private byte[] _pixels = null!;
    private PngImageCodec _codec = null!;
    private int _next;

    /// <summary>The library that encodes and decodes.</summary>
    [Params(PngCodec.SkiaSharp, PngCodec.ImageSharp)]
    public PngCodec Codec { get; set; }

    /// <summary>Height and width of the images (three channels).</summary>
    [Params(32, 256)]
    public int Size { get; set; }

    /// <summary>Draws the images, encodes them once for the decode benchmark, and proves each decodes back exactly.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var shape = new ImageShape(Size, Size, 3);
        _images = SyntheticImages.Generate(Images, shape);
        _codec = PngImageCodec.For(Codec, shape);
        _files = [.. Enumerable.Range(0, Images).Select(i => _codec.Encode(_images.Image(i)).ToArray())];
        _pixels = new byte[shape.ByteCount];
        for (int i = 0; i < Images; i++)
        {
            _next = i;
            Decode();
        }

        Console.WriteLine($"// PngCodecs {Codec} {shape}: mean PNG {_files.Average(f => f.Length):0} B over {Images} images");
    }

    /// <summary>Encodes the next image to PNG bytes (in the codec's per-thread buffer, as the stores write them).</summary>
    [Benchmark]
    public int Encode()
    {
        int i = _next;
        _next = (_next + 1) % Images;
        return _codec.Encode(_images.Image(i)).Length;
    }

    /// <summary>Decodes the next image's PNG bytes into a caller-owned buffer and checks them against the image encoded.</summary>
    [Benchmark]
    public int Decode()
    {
        int i = _next;
        _next = (_next + 1) % Images;
        _codec.Decode(_files[i], _pixels, "PngCodecs", i);
        return _pixels.AsSpan().SequenceEqual(_images.Image(i))
            ? _pixels.Length
            : throw new InvalidOperationException($"PngCodecs {Codec} {Size}: image {i} decoded differs from the one encoded.");
    }
}
