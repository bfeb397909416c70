namespace ImageStorage;

/// <summary>
/// A batch of images of one shape held contiguously (N × H × W × C bytes) with one label per image,
/// so that storing and reading many images allocates per batch, not per image.
/// </summary>
public sealed class ImageBatch
{
    /// <summary>Wraps existing buffers; <paramref name="pixels"/> must hold exactly count × shape bytes.</summary>
    public ImageBatch(ImageShape shape, byte[] pixels, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        shape.Validate();
        if ((long)labels.Length * shape.ByteCount != pixels.Length)
        {
            throw new ArgumentException(
                $"A batch of {labels.Length} images of shape {shape} needs {(long)labels.Length * shape.ByteCount} pixel bytes, not {pixels.Length}.");
        }

        Shape = shape;
        Pixels = pixels;
        Labels = labels;
    }

    /// <summary>Allocates an uninitialized batch of <paramref name="count"/> images.</summary>
    public static ImageBatch Allocate(ImageShape shape, int count)
    {
        shape.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        long bytes = (long)count * shape.ByteCount;
        if (bytes > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"{count} images of shape {shape} do not fit one batch ({bytes} bytes).");
        }

        return new ImageBatch(shape, GC.AllocateUninitializedArray<byte>((int)bytes), new int[count]);
    }

    /// <summary>The shape every image in the batch has.</summary>
    public ImageShape Shape { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>All pixels, image after image, each image HWC.</summary>
    public byte[] Pixels { get; }

    /// <summary>One label per image.</summary>
    public int[] Labels { get; }

    /// <summary>The pixels of image <paramref name="index"/>.</summary>
    public Span<byte> Image(int index) => Pixels.AsSpan(checked(index * Shape.ByteCount), Shape.ByteCount);

    /// <summary>The pixels of images [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>).</summary>
    public Span<byte> Images(int start, int count) => Pixels.AsSpan(checked(start * Shape.ByteCount), checked(count * Shape.ByteCount));

    /// <summary>A new batch holding a copy of images [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>).</summary>
    public ImageBatch Slice(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, Count);
        return new ImageBatch(Shape, Images(start, count).ToArray(), Labels.AsSpan(start, count).ToArray());
    }
}
