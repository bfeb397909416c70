using System.Collections.Concurrent;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageStorage.Png;

/// <summary>
/// PNG through SixLabors.ImageSharp 2.1, as a careful user wires it: a <see cref="Configuration"/> that knows the PNG
/// format only (its JPEG, GIF, TIFF… decoders, where its published advisories sit, are unreachable) and whose memory
/// allocator refuses any buffer larger than one image of the store's shape, behind <see cref="PngStructure.Check"/>,
/// which has already refused every header that claims another size.
/// </summary>
internal sealed class ImageSharpPngCodec : PngImageCodec
{
    /// <summary>
    /// zlib level 3, as for Skia. Measured on the synthetic 256×256×3 images (thread CPU time, interleaved runs):
    /// levels 1 and 2 encode 2.1× and 1.8× as fast but write files 9% and 5% larger, which decode slower; levels 6
    /// and 9 take 3.6× and 16× as long for files 7% and 10% smaller. At 32×32×3 the levels differ by less.
    /// </summary>
    public const PngCompressionLevel CompressionLevel = PngCompressionLevel.Level3;

    /// <summary>
    /// The Up row filter, not adaptive: ImageSharp's Paeth unfiltering, which adaptive filtering picks for most rows,
    /// is slow, and undoing Up is one vector add per row. Measured at level 3: decode 60 µs instead of 84 µs (32×32×3)
    /// and 1.27 ms instead of 1.69 ms (256×256×3), encode no slower, files 5% and 3% larger (1,773 B instead of 1,683 B).
    /// </summary>
    public const PngFilterMethod FilterMethod = PngFilterMethod.Up;

    private static readonly PngEncoder RgbEncoder = EncoderFor(PngColorType.Rgb);
    private static readonly PngEncoder GrayEncoder = EncoderFor(PngColorType.Grayscale);

    // One configuration per allocation limit (in whole MiB, the allocator's unit): a process sees a handful of shapes.
    private static readonly ConcurrentDictionary<int, Configuration> Configurations = new();

    [ThreadStatic]
    private static MemoryStream? t_output;

    private readonly Configuration _configuration;

    /// <summary>Creates the codec for images of <paramref name="shape"/>.</summary>
    public ImageSharpPngCodec(ImageShape shape)
        : base(shape) => _configuration = ConfigurationFor(shape);

    /// <summary>The configuration for images of <paramref name="shape"/>: the PNG format only, no buffer larger than one such image.</summary>
    public static Configuration ConfigurationFor(ImageShape shape)
    {
        int limitMegabytes = (int)Math.Max(1, ((long)shape.ByteCount + (1 << 20) - 1) >> 20);
        return Configurations.GetOrAdd(limitMegabytes, static limit => new Configuration(new PngConfigurationModule())
        {
            MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { AllocationLimitMegabytes = limit }),
            // The stores already decode one image per core; row parallelism inside one image would only oversubscribe.
            MaxDegreeOfParallelism = 1,
        });
    }

    /// <inheritdoc />
    public override ReadOnlySpan<byte> Encode(ReadOnlySpan<byte> pixels)
    {
        var output = t_output ??= new MemoryStream();
        output.SetLength(0);
        if (Shape.Channels == 3)
        {
            Save<Rgb24>(pixels, output, RgbEncoder);
        }
        else
        {
            Save<L8>(pixels, output, GrayEncoder);
        }

        return output.GetBuffer().AsSpan(0, (int)output.Length);
    }

    /// <inheritdoc />
    protected override void DecodeChecked(ReadOnlySpan<byte> png, Span<byte> pixels, string file, int id)
    {
        try
        {
            if (Shape.Channels == 3)
            {
                Load<Rgb24>(png, pixels);
            }
            else
            {
                Load<L8>(png, pixels);
            }
        }
        catch (Exception e) when (e is ImageFormatException or InvalidMemoryOperationException or InvalidDataException)
        {
            throw new CorruptStoreException(file, id, $"PNG decoding failed: {e.Message}", e);
        }
    }

    // 8-bit, not interlaced, and no metadata chunks (pHYs, gAMA, text, EXIF): the pixels and nothing else.
    private static PngEncoder EncoderFor(PngColorType colorType) => new()
    {
        ColorType = colorType,
        BitDepth = PngBitDepth.Bit8,
        CompressionLevel = CompressionLevel,
        FilterMethod = FilterMethod,
        InterlaceMethod = PngInterlaceMode.None,
        ChunkFilter = PngChunkFilter.ExcludeAll,
        IgnoreMetadata = true,
    };

    private void Save<TPixel>(ReadOnlySpan<byte> pixels, Stream output, PngEncoder encoder)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var image = Image.LoadPixelData<TPixel>(_configuration, pixels, Shape.Width, Shape.Height);
        encoder.Encode(image, output);
    }

    private void Load<TPixel>(ReadOnlySpan<byte> png, Span<byte> pixels)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var image = Image.Load<TPixel>(_configuration, png);
        image.CopyPixelDataTo(pixels);
    }
}
