namespace ImageStorage.Png;

/// <summary>
/// Encodes and decodes the PNG files of one image shape with the library <see cref="StoreOptions.PngCodec"/> names.
/// Writes 8-bit RGB (colour type 2) or grayscale (colour type 0) without metadata chunks, and reads exactly that back,
/// byte for byte, from any encoder; every PNG passes <see cref="PngStructure.Check"/> before the library sees it.
/// Instances are immutable and thread-safe; stores create one when they are created, appended to or opened.
/// </summary>
internal abstract class PngImageCodec
{
    /// <summary>Creates the codec for images of <paramref name="shape"/>.</summary>
    protected PngImageCodec(ImageShape shape) => Shape = shape;

    /// <summary>The shape of every image this codec encodes and decodes.</summary>
    public ImageShape Shape { get; }

    /// <summary>The codec <paramref name="codec"/> for images of <paramref name="shape"/>.</summary>
    public static PngImageCodec For(PngCodec codec, ImageShape shape) => codec switch
    {
        PngCodec.SkiaSharp => new SkiaPngCodec(shape),
        PngCodec.ImageSharp => new ImageSharpPngCodec(shape),
        _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "not a PNG codec (StoreOptions refuses it before a store is touched)."),
    };

    /// <summary>Encodes one HWC image; the bytes live in a buffer of the calling thread, valid until its next <see cref="Encode"/>.</summary>
    public abstract ReadOnlySpan<byte> Encode(ReadOnlySpan<byte> pixels);

    /// <summary>Encodes every image of <paramref name="batch"/> on every core, one PNG file's bytes per image (for stores that keep PNG records).</summary>
    public byte[][] EncodeAll(ImageBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var encoded = new byte[batch.Count][];
        ImageStorage.IO.ParallelWork.For(batch.Count, i => encoded[i] = Encode(batch.Image(i)).ToArray());
        return encoded;
    }

    /// <summary>Decodes <paramref name="png"/> into <paramref name="pixels"/> (one image); a PNG that is not one complete image of the shape throws <see cref="CorruptStoreException"/> naming <paramref name="file"/> and <paramref name="id"/>.</summary>
    public void Decode(ReadOnlySpan<byte> png, Span<byte> pixels, string file, int id)
    {
        if (pixels.Length != Shape.ByteCount)
        {
            throw new ArgumentException($"The pixel buffer holds {pixels.Length} bytes; one {Shape} image is {Shape.ByteCount}.", nameof(pixels));
        }

        PngStructure.Check(png, Shape, file, id);
        DecodeChecked(png, pixels, file, id);
    }

    /// <summary>Decodes a PNG that passed <see cref="PngStructure.Check"/>; decoder errors become <see cref="CorruptStoreException"/>.</summary>
    protected abstract void DecodeChecked(ReadOnlySpan<byte> png, Span<byte> pixels, string file, int id);
}
