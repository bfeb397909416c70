using SkiaSharp;

namespace ImageStorage.Cli.Sources;

/// <summary>
/// Decodes one JPEG or PNG file into interleaved 8-bit pixels of a given shape with SkiaSharp: resized with the
/// Mitchell cubic filter when the shape differs (only when resizing was asked for), alpha dropped, grayscale as
/// BT.601 luma. EXIF orientation is not applied: pixels are taken as stored.
/// </summary>
internal static class ImageFileDecoder
{
    /// <summary>The width and height a file declares, read from its header without decoding it.</summary>
    public static (int Width, int Height) Size(string file)
    {
        using var codec = Open(file);
        return (codec.Info.Width, codec.Info.Height);
    }

    /// <summary>Decodes <paramref name="file"/> into <paramref name="pixels"/> (exactly one image of <paramref name="shape"/>).</summary>
    public static void Decode(string file, ImageShape shape, bool resize, Span<byte> pixels)
    {
        using var codec = Open(file);
        var size = codec.Info;
        if (!resize && (size.Width != shape.Width || size.Height != shape.Height))
        {
            throw new CliException($"{file}: is {size.Width}x{size.Height}, the images before it are {shape.Width}x{shape.Height}; pass --size WxH to resize them all.");
        }

        using var decoded = new SKBitmap(new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var result = codec.GetPixels(decoded.Info, decoded.GetPixels());
        if (result != SKCodecResult.Success)
        {
            throw new CliException($"{file}: does not decode ({result}): corrupt or truncated.");
        }

        using var sized = size.Width == shape.Width && size.Height == shape.Height
            ? null
            : decoded.Resize(new SKImageInfo(shape.Width, shape.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul), new SKSamplingOptions(SKCubicResampler.Mitchell))
              ?? throw new CliException($"{file}: cannot be resized to {shape.Width}x{shape.Height}.");
        ReadOnlySpan<byte> rgba = (sized ?? decoded).GetPixelSpan();
        int count = shape.Width * shape.Height;
        if (shape.Channels == 3)
        {
            for (int p = 0; p < count; p++)
            {
                pixels[3 * p] = rgba[4 * p];
                pixels[(3 * p) + 1] = rgba[(4 * p) + 1];
                pixels[(3 * p) + 2] = rgba[(4 * p) + 2];
            }
        }
        else
        {
            for (int p = 0; p < count; p++)
            {
                pixels[p] = (byte)Math.Round((0.299 * rgba[4 * p]) + (0.587 * rgba[(4 * p) + 1]) + (0.114 * rgba[(4 * p) + 2]));
            }
        }
    }

    private static SKCodec Open(string file)
    {
        var codec = SKCodec.Create(file, out var result);
        return codec ?? throw new CliException($"{file}: does not decode as a JPEG or PNG file ({result}): corrupt, truncated or another format.");
    }
}
