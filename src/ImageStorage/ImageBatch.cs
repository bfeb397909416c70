namespace ImageStorage;

/// <summary>
/// N images of one shape held contiguously (N × H × W × C bytes) with one label per image, over any memory: managed
/// arrays, or memory a caller owns (a tensor's, through a <see cref="System.Buffers.MemoryManager{T}"/>). Storing and
/// reading many images allocates per batch, not per image; <see cref="Slice"/> is a view, <see cref="Copy"/> a copy.
/// </summary>
public sealed class ImageBatch
{
    private readonly Memory<byte> _pixels;
    private readonly Memory<int> _labels;

    /// <summary>Wraps existing memory; <paramref name="pixels"/> must hold exactly labels.Length × shape bytes.</summary>
    public ImageBatch(ImageShape shape, Memory<byte> pixels, Memory<int> labels)
    {
        shape.Validate();
        if ((long)labels.Length * shape.ByteCount != pixels.Length)
        {
            throw new ArgumentException(
                $"A batch of {labels.Length} images of shape {shape} needs {(long)labels.Length * shape.ByteCount} pixel bytes, not {pixels.Length}.");
        }

        Shape = shape;
        _pixels = pixels;
        _labels = labels;
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
    public int Count => _labels.Length;

    /// <summary>All pixels, image after image, each image HWC.</summary>
    public Span<byte> Pixels => _pixels.Span;

    /// <summary>One label per image.</summary>
    public Span<int> Labels => _labels.Span;

    /// <summary>The pixels as memory, for work that outlives a stack frame (parallel loops, I/O).</summary>
    public Memory<byte> PixelMemory => _pixels;

    /// <summary>The labels as memory.</summary>
    public Memory<int> LabelMemory => _labels;

    /// <summary>The pixels of image <paramref name="index"/>.</summary>
    public Span<byte> Image(int index) => _pixels.Span.Slice(checked(index * Shape.ByteCount), Shape.ByteCount);

    /// <summary>The pixels of images [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>).</summary>
    public Span<byte> Images(int start, int count) => _pixels.Span.Slice(checked(start * Shape.ByteCount), checked(count * Shape.ByteCount));

    /// <summary>A view of images [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>): the same memory, nothing copied.</summary>
    public ImageBatch Slice(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)start + count, Count);
        return new ImageBatch(Shape, _pixels.Slice(start * Shape.ByteCount, count * Shape.ByteCount), _labels.Slice(start, count));
    }

    /// <summary>A new batch holding a copy of these images and labels.</summary>
    public ImageBatch Copy()
    {
        var copy = Allocate(Shape, Count);
        CopyTo(copy);
        return copy;
    }

    /// <summary>Copies every image and label into <paramref name="destination"/>, which must have the same shape and count.</summary>
    public void CopyTo(ImageBatch destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Shape != Shape || destination.Count != Count)
        {
            throw new ArgumentException($"Cannot copy {Count} images of shape {Shape} into a batch of {destination.Count} of shape {destination.Shape}.", nameof(destination));
        }

        _pixels.Span.CopyTo(destination._pixels.Span);
        _labels.Span.CopyTo(destination._labels.Span);
    }

    /// <summary>A new batch of the images at <paramref name="indexes"/>, in that order (an index may repeat).</summary>
    public ImageBatch Gather(ReadOnlySpan<int> indexes)
    {
        var result = Allocate(Shape, indexes.Length);
        var labels = Labels;
        var into = result.Labels;
        for (int i = 0; i < indexes.Length; i++)
        {
            Image(indexes[i]).CopyTo(result.Image(i));
            into[i] = labels[indexes[i]];
        }

        return result;
    }

    /// <summary>Copies image i of this batch to position <paramref name="positions"/>[i] of <paramref name="destination"/>: the inverse of <see cref="Gather"/>.</summary>
    public void ScatterTo(ImageBatch destination, ReadOnlySpan<int> positions)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Shape != Shape || positions.Length != Count)
        {
            throw new ArgumentException($"Cannot scatter {Count} images of shape {Shape} to {positions.Length} positions of a batch of shape {destination.Shape}.", nameof(positions));
        }

        var labels = Labels;
        var into = destination.Labels;
        for (int i = 0; i < positions.Length; i++)
        {
            Image(i).CopyTo(destination.Image(positions[i]));
            into[positions[i]] = labels[i];
        }
    }

    /// <summary>One new batch holding the images of <paramref name="batches"/> one after another; they must share a shape.</summary>
    public static ImageBatch Concat(IReadOnlyList<ImageBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        if (batches.Count == 0)
        {
            throw new ArgumentException("Nothing to join.", nameof(batches));
        }

        var shape = batches[0].Shape;
        var result = Allocate(shape, batches.Sum(b => b.Count));
        int at = 0;
        foreach (var batch in batches)
        {
            if (batch.Shape != shape)
            {
                throw new ArgumentException($"Cannot join batches of shapes {shape} and {batch.Shape}.", nameof(batches));
            }

            batch.CopyTo(result.Slice(at, batch.Count));
            at += batch.Count;
        }

        return result;
    }
}
