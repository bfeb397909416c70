namespace ImageStorage.Loading;

/// <summary>
/// One batch from a <see cref="BatchLoader"/>: its images in the loader's layout, their labels and ids. Batches live
/// in a pool the loader reuses: a batch is valid until the next <see cref="BatchLoader.MoveNext"/> (copy what must
/// outlive it).
/// </summary>
public sealed class LoaderBatch
{
    private readonly int[] _ids;
    private readonly int[] _labels;
    private readonly BatchMemory _memory;
    private readonly ImageBatch _read;
    private ImageBatch? _shortRead;

    internal LoaderBatch(ImageShape shape, BatchLayout layout, int capacity, BatchMemory memory)
    {
        Shape = shape;
        Layout = layout;
        _ids = new int[capacity];
        _labels = new int[capacity];
        _memory = memory;
        int values = capacity * shape.ByteCount;
        bool floats = layout == BatchLayout.NchwFloat32;
        if ((floats ? memory.Floats.Length : memory.Bytes.Length) < values)
        {
            throw new ArgumentException($"Batch memory for {capacity} images of shape {shape} in layout {layout} needs {values} {(floats ? "floats" : "bytes")}, not {(floats ? memory.Floats.Length : memory.Bytes.Length)}.", nameof(memory));
        }

        // The store writes NHWC bytes: straight into the batch's memory when that is the layout, else into staging the layout is made from.
        var pixels = layout == BatchLayout.NhwcUInt8 ? memory.Bytes[..values] : GC.AllocateUninitializedArray<byte>(values);
        _read = new ImageBatch(shape, pixels, _labels);
    }

    /// <summary>The epoch this batch belongs to (0-based).</summary>
    public int Epoch { get; private set; }

    /// <summary>The batch's position in this rank's epoch (0-based).</summary>
    public int Index { get; private set; }

    /// <summary>Number of images (the batch size, or fewer for a short last batch).</summary>
    public int Count { get; private set; }

    /// <summary>The shape of every image.</summary>
    public ImageShape Shape { get; }

    /// <summary>How <see cref="Bytes"/> or <see cref="Floats"/> lay the images out.</summary>
    public BatchLayout Layout { get; }

    /// <summary>The store ids of the images, in batch order.</summary>
    public ReadOnlySpan<int> Ids => _ids.AsSpan(0, Count);

    /// <summary>One label per image.</summary>
    public ReadOnlySpan<int> Labels => _labels.AsSpan(0, Count);

    /// <summary>The images, for the byte layouts (<see cref="BatchLayout.NhwcUInt8"/>, <see cref="BatchLayout.NchwUInt8"/>).</summary>
    public Span<byte> Bytes => Layout != BatchLayout.NchwFloat32
        ? _memory.Bytes.Span[..(Count * Shape.ByteCount)]
        : throw new InvalidOperationException($"A batch in layout {Layout} holds floats: use Floats.");

    /// <summary>The images, for <see cref="BatchLayout.NchwFloat32"/>.</summary>
    public Span<float> Floats => Layout == BatchLayout.NchwFloat32
        ? _memory.Floats.Span[..(Count * Shape.ByteCount)]
        : throw new InvalidOperationException($"A batch in layout {Layout} holds bytes: use Bytes.");

    /// <summary>The owner of the memory the images are in, when the caller provided it (<see cref="BatchMemory.Owner"/>).</summary>
    public object? Owner => _memory.Owner;

    /// <summary>Which batch of the run this is (0-based from where the loader started), for putting batches back in order.</summary>
    internal long Sequence { get; private set; }

    /// <summary>What went wrong reading this batch, if anything.</summary>
    internal Exception? Error { get; set; }

    /// <summary>What the store reads into: NHWC bytes and labels for exactly <see cref="Count"/> images.</summary>
    internal ImageBatch ReadTarget => Count == _read.Count ? _read : _shortRead!;

    /// <summary>The memory of the byte layouts, whole.</summary>
    internal Memory<byte> ByteMemory => _memory.Bytes;

    /// <summary>The memory of the float layout, whole.</summary>
    internal Memory<float> FloatMemory => _memory.Floats;

    /// <summary>Makes this the batch <paramref name="sequence"/> of the run, <paramref name="index"/> of <paramref name="epoch"/>, of images <paramref name="ids"/>.</summary>
    internal void Assign(long sequence, int epoch, int index, ReadOnlySpan<int> ids)
    {
        Sequence = sequence;
        Epoch = epoch;
        Index = index;
        Count = ids.Length;
        Error = null;
        ids.CopyTo(_ids);
        if (Count != _read.Count && _shortRead?.Count != Count)
        {
            // A short last batch has the same size every epoch: its view is made once.
            _shortRead = _read.Slice(0, Count);
        }
    }
}
