using System.Buffers;

namespace ImageStorage.Arrow;

/// <summary>
/// The rows an Arrow writer gathers until they fill a record batch: pooled buffers that grow by doubling up to a
/// batch, so a small store, or images added one at a time, take what they hold, and writer after writer reuses them.
/// </summary>
internal sealed class ArrowPendingRows(ImageShape shape, int batchRows) : IDisposable
{
    private byte[] _pixels = [];
    private int[] _labels = [];
    private uint[] _checksums = [];
    private int _capacity;

    /// <summary>Rows gathered.</summary>
    public int Count { get; private set; }

    /// <summary>True once a whole batch is gathered.</summary>
    public bool IsFull => Count == batchRows;

    /// <summary>The rows gathered, as a batch over the buffers (valid until the next change).</summary>
    public ImageBatch Images => new(shape, _pixels.AsMemory(0, Count * shape.ByteCount), _labels.AsMemory(0, Count));

    /// <summary>The checksums of the rows gathered.</summary>
    public ReadOnlySpan<uint> Checksums => _checksums.AsSpan(0, Count);

    /// <summary>Gathers one image.</summary>
    public void Add(ReadOnlySpan<byte> pixels, int label, uint checksum)
    {
        Reserve(1);
        pixels.CopyTo(_pixels.AsSpan(Count * shape.ByteCount));
        _labels[Count] = label;
        _checksums[Count] = checksum;
        Count++;
    }

    /// <summary>Gathers <paramref name="images"/>; together with those gathered they fit one batch.</summary>
    public void Add(ImageBatch images, ReadOnlySpan<uint> checksums) => Add(images.Pixels, images.Labels, checksums);

    /// <summary>Gathers rows given column by column (pixels one image after another).</summary>
    public void Add(ReadOnlySpan<byte> pixels, ReadOnlySpan<int> labels, ReadOnlySpan<uint> checksums)
    {
        int rows = labels.Length;
        Reserve(rows);
        pixels.CopyTo(_pixels.AsSpan(Count * shape.ByteCount));
        labels.CopyTo(_labels.AsSpan(Count));
        checksums.CopyTo(_checksums.AsSpan(Count));
        Count += rows;
    }

    /// <summary>Forgets the rows gathered (after they were written), keeping the buffers.</summary>
    public void Clear() => Count = 0;

    /// <inheritdoc />
    public void Dispose()
    {
        Return();
        Count = 0;
    }

    private void Reserve(int rows)
    {
        int needed = Count + rows;
        if (needed > batchRows)
        {
            throw new InvalidOperationException($"{needed} rows do not fit a batch of {batchRows}");
        }

        if (needed <= _capacity)
        {
            return;
        }

        int capacity = Math.Min(batchRows, Math.Max(needed, 2 * _capacity));
        byte[] pixels = ArrayPool<byte>.Shared.Rent(capacity * shape.ByteCount);
        int[] labels = ArrayPool<int>.Shared.Rent(capacity);
        uint[] checksums = ArrayPool<uint>.Shared.Rent(capacity);
        _pixels.AsSpan(0, Count * shape.ByteCount).CopyTo(pixels);
        _labels.AsSpan(0, Count).CopyTo(labels);
        _checksums.AsSpan(0, Count).CopyTo(checksums);
        Return();
        _pixels = pixels;
        _labels = labels;
        _checksums = checksums;
        // Rented arrays may be longer than asked for; the capacity is what all three hold.
        _capacity = Math.Min(Math.Min(labels.Length, checksums.Length), pixels.Length / shape.ByteCount);
    }

    private void Return()
    {
        if (_capacity > 0)
        {
            ArrayPool<byte>.Shared.Return(_pixels);
            ArrayPool<int>.Shared.Return(_labels);
            ArrayPool<uint>.Shared.Return(_checksums);
        }

        _pixels = [];
        _labels = [];
        _checksums = [];
        _capacity = 0;
    }
}
