using SkiaSharp;

namespace ImageStorage.Png;

/// <summary>
/// PNG through SkiaSharp (libpng and zlib underneath): no colour management, no premultiplication. Skia has no 3-byte
/// pixel format, so RGB passes through a per-thread RGBX buffer.
/// </summary>
internal sealed unsafe class SkiaPngCodec : PngImageCodec
{
    /// <summary>
    /// zlib level 3 with adaptive row filters. Measured on the synthetic 32×32×3 images against libpng's default
    /// level 6: encode 91 µs instead of 155 µs, decode 31 µs instead of 36 µs, files 6.5% larger (1,696 B instead
    /// of 1,593 B, which still fit the same 4 KiB disk block).
    /// </summary>
    public const int CompressionLevel = 3;

    [ThreadStatic]
    private static byte[]? t_rgbx;

    [ThreadStatic]
    private static byte[]? t_output;

    private readonly SKImageInfo _encodeInfo;
    private readonly SKImageInfo _decodeInfo;

    /// <summary>Creates the codec for images of <paramref name="shape"/>.</summary>
    public SkiaPngCodec(ImageShape shape)
        : base(shape)
    {
        _encodeInfo = Info(shape, SKColorType.Rgb888x, SKAlphaType.Opaque);
        _decodeInfo = Info(shape, SKColorType.Rgba8888, SKAlphaType.Unpremul);
    }

    /// <inheritdoc />
    public override ReadOnlySpan<byte> Encode(ReadOnlySpan<byte> pixels)
    {
        ReadOnlySpan<byte> source = pixels;
        if (Shape.Channels == 3)
        {
            Span<byte> rgbx = Staging();
            RgbToRgbx(pixels, rgbx);
            source = rgbx;
        }

        fixed (byte* p = source)
        {
            using var pixmap = new SKPixmap(_encodeInfo, (IntPtr)p, _encodeInfo.RowBytes);
            using var data = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, CompressionLevel))
                ?? throw new InvalidOperationException($"SkiaSharp could not encode a {Shape} image as PNG.");
            var encoded = data.AsSpan();
            if (t_output is null || t_output.Length < encoded.Length)
            {
                t_output = new byte[Math.Max(encoded.Length, 2 * (t_output?.Length ?? 0))];
            }

            encoded.CopyTo(t_output);
            return t_output.AsSpan(0, encoded.Length);
        }
    }

    /// <inheritdoc />
    protected override void DecodeChecked(ReadOnlySpan<byte> png, Span<byte> pixels, string file, int id)
    {
        Span<byte> target = Shape.Channels == 3 ? Staging() : pixels;
        fixed (byte* p = png)
        fixed (byte* t = target)
        {
            using var data = SKData.Create((IntPtr)p, png.Length);
            using var codec = SKCodec.Create(data)
                ?? throw new CorruptStoreException(file, id, "not a decodable PNG (corrupt or truncated).");
            var result = codec.GetPixels(_decodeInfo, (IntPtr)t);
            if (result != SKCodecResult.Success)
            {
                throw new CorruptStoreException(file, id, $"PNG decoding failed: {result} (corrupt or truncated data).");
            }
        }

        if (Shape.Channels == 3)
        {
            RgbxToRgb(target, pixels);
        }
    }

    private static SKImageInfo Info(ImageShape shape, SKColorType colorType, SKAlphaType alphaType) => shape.Channels == 1
        ? new SKImageInfo(shape.Width, shape.Height, SKColorType.Gray8, SKAlphaType.Opaque)
        : new SKImageInfo(shape.Width, shape.Height, colorType, alphaType);

    private Span<byte> Staging()
    {
        int bytes = Shape.Width * Shape.Height * 4;
        if (t_rgbx is null || t_rgbx.Length < bytes)
        {
            t_rgbx = new byte[bytes];
        }

        return t_rgbx.AsSpan(0, bytes);
    }

    private static void RgbToRgbx(ReadOnlySpan<byte> rgb, Span<byte> rgbx)
    {
        int pixels = rgb.Length / 3;
        for (int i = 0; i < pixels; i++)
        {
            rgbx[4 * i] = rgb[3 * i];
            rgbx[(4 * i) + 1] = rgb[(3 * i) + 1];
            rgbx[(4 * i) + 2] = rgb[(3 * i) + 2];
            rgbx[(4 * i) + 3] = 0xFF;
        }
    }

    private static void RgbxToRgb(ReadOnlySpan<byte> rgbx, Span<byte> rgb)
    {
        int pixels = rgb.Length / 3;
        for (int i = 0; i < pixels; i++)
        {
            rgb[3 * i] = rgbx[4 * i];
            rgb[(3 * i) + 1] = rgbx[(4 * i) + 1];
            rgb[(3 * i) + 2] = rgbx[(4 * i) + 2];
        }
    }
}
