using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using ImageStorage.IO;

namespace ImageStorage.Arrow;

/// <summary>
/// Writes an Arrow store with Apache.Arrow's file writer into a staging file, in record batches of the store's batch
/// size: full batches straight from the caller's memory, the rest gathered until a batch is full or the writer
/// commits. An Arrow file cannot grow in place (its footer is at the end), so an append writes a new file — the old
/// batches first, handed to the writer as they lie in the old file's map (copied, not decoded), then the new ones —
/// and swaps it in at commit, as HDF5 appends do.
/// </summary>
internal sealed class ArrowWriter : StoreWriter
{
    // Room for the schema, each batch's message header and padding, and the footer, when checking the 2 GiB limit.
    private const long FixedOverhead = 64 << 10;
    private const long BatchOverhead = 1 << 10;

    private readonly Schema _schema;
    private readonly int _batchRows;
    private readonly ArrowStoreFile? _existing;
    private readonly FileStream _stream;
    private readonly ArrowFileWriter _writer;
    private ImageBatch? _pending;
    private uint[]? _pendingChecksums;
    private int _pendingCount;
    private long _bytes = FixedOverhead;
    private bool _closed;

    private ArrowWriter(string path, ImageShape shape, Schema schema, int batchRows, ArrowStoreFile? existing, StoreStaging staging, StoreLock? storeLock)
        : base(path, shape, existing?.Count ?? 0, staging, storeLock)
    {
        _schema = schema;
        _batchRows = batchRows;
        _existing = existing;
        _stream = new FileStream(Location, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        try
        {
            _writer = new ArrowFileWriter(_stream, schema, leaveOpen: true);
            _writer.WriteStart();
            if (existing is not null)
            {
                CopyExisting(existing);
            }
        }
        catch
        {
            _stream.Dispose();
            throw;
        }
    }

    public static ArrowWriter ForNew(string path, ImageShape shape, StoreStaging staging)
    {
        int batchRows = ArrowLayout.BatchRowsFor(shape);
        try
        {
            return new ArrowWriter(path, shape, ArrowLayout.SchemaFor(shape, batchRows), batchRows, existing: null, staging, storeLock: null);
        }
        catch
        {
            staging.Discard();
            throw;
        }
    }

    public static ArrowWriter ForAppend(string path, StoreStaging staging, StoreLock storeLock)
    {
        ArrowStoreFile? existing = null;
        try
        {
            existing = ArrowStoreFile.Open(path);
            return new ArrowWriter(path, existing.Shape, existing.Schema, existing.BatchRows, existing, staging, storeLock);
        }
        catch
        {
            existing?.Dispose();
            staging.Discard();
            throw;
        }
    }

    protected override void WriteOne(int id, ReadOnlySpan<byte> pixels, int label)
    {
        Reserve(1);
        var (pending, checksums) = Pending(1);
        pixels.CopyTo(pending.Image(_pendingCount));
        pending.Labels[_pendingCount] = label;
        checksums[_pendingCount] = ImageChecksum.Compute(pixels, label);
        if (++_pendingCount == _batchRows)
        {
            FlushPending();
        }
    }

    protected override void WriteMany(int firstId, ImageBatch batch)
    {
        Reserve(batch.Count);
        uint[] checksums = ImageChecksum.ComputeAll(batch);
        int at = 0;
        if (_pendingCount > 0)
        {
            // Top up the batch being gathered first, so batches stay in id order and all but the last are full.
            at = Math.Min(_batchRows - _pendingCount, batch.Count);
            Gather(batch.Slice(0, at), checksums.AsSpan(0, at));
        }

        for (; batch.Count - at >= _batchRows; at += _batchRows)
        {
            Write(batch.Slice(at, _batchRows), checksums.AsSpan(at, _batchRows));
        }

        Gather(batch.Slice(at, batch.Count - at), checksums.AsSpan(at));
    }

    protected override void Seal()
    {
        FlushPending();
        _writer.WriteEnd();
        _stream.Flush(flushToDisk: true);
        Close();
    }

    protected override void Release(bool discard)
    {
        Close();
        _existing?.Dispose();
    }

    // Refuses, before anything is written, images that would take the file past what the reader can map.
    private void Reserve(int images)
    {
        long more = ((long)images * (Shape.ByteCount + (2 * sizeof(int)))) + (((images / _batchRows) + 1) * BatchOverhead);
        if (_bytes + more > ArrowLayout.MaxFileBytes)
        {
            throw new ImageStoreException(Path, $"{images} more images would take this Arrow store past 2 GiB, the most this library maps as one file; split the data set over several stores (PartitionedStore does).");
        }

        _bytes += more;
    }

    // The batch being gathered, with room for rows more: grown by doubling up to a batch, so that a small store or
    // one image at a time allocates what it holds, not a whole batch.
    private (ImageBatch Batch, uint[] Checksums) Pending(int rows)
    {
        int needed = _pendingCount + rows;
        if (_pending is null || _pendingChecksums is null || _pending.Count < needed)
        {
            int capacity = Math.Min(_batchRows, Math.Max(needed, 2 * (_pending?.Count ?? 0)));
            var grown = ImageBatch.Allocate(Shape, capacity);
            var checksums = new uint[capacity];
            if (_pending is not null && _pendingChecksums is not null)
            {
                _pending.Slice(0, _pendingCount).CopyTo(grown.Slice(0, _pendingCount));
                _pendingChecksums.AsSpan(0, _pendingCount).CopyTo(checksums);
            }

            _pending = grown;
            _pendingChecksums = checksums;
        }

        return (_pending, _pendingChecksums);
    }

    private void Gather(ImageBatch images, ReadOnlySpan<uint> checksums)
    {
        if (images.Count == 0)
        {
            return;
        }

        var (pending, sums) = Pending(images.Count);
        images.CopyTo(pending.Slice(_pendingCount, images.Count));
        checksums.CopyTo(sums.AsSpan(_pendingCount));
        _pendingCount += images.Count;
        if (_pendingCount == _batchRows)
        {
            FlushPending();
        }
    }

    private void FlushPending()
    {
        if (_pendingCount > 0)
        {
            var (pending, checksums) = Pending(0);
            Write(pending.Slice(0, _pendingCount), checksums.AsSpan(0, _pendingCount));
            _pendingCount = 0;
        }
    }

    // One record batch: the pixels as they are, labels and checksums in one small buffer of their own.
    private void Write(ImageBatch images, ReadOnlySpan<uint> checksums)
    {
        int rows = images.Count;
        var columns = new byte[rows * 2 * sizeof(int)];
        MemoryMarshal.AsBytes(images.Labels).CopyTo(columns);
        MemoryMarshal.AsBytes(checksums).CopyTo(columns.AsSpan(rows * sizeof(int)));
        using var batch = ArrowLayout.Batch(_schema, Shape.ByteCount, rows, images.PixelMemory, columns.AsMemory(0, rows * sizeof(int)), columns.AsMemory(rows * sizeof(int)));
        _writer.WriteRecordBatch(batch);
    }

    // The old file's full batches go out as they are; its last, partial one is gathered again, so that in the new
    // file too every batch but the last is full.
    private void CopyExisting(ArrowStoreFile existing)
    {
        foreach (var batch in existing.Batches)
        {
            _bytes += ((long)batch.Count * (Shape.ByteCount + (2 * sizeof(int)))) + BatchOverhead;
            if (batch.Count == _batchRows)
            {
                _writer.WriteRecordBatch(batch.Batch);
                continue;
            }

            var (pending, checksums) = Pending(batch.Count);
            batch.PixelRows(0, batch.Count, Shape.ByteCount).CopyTo(pending.Pixels);
            batch.Labels.Values.CopyTo(pending.Labels);
            batch.Checksums.Values.CopyTo(checksums);
            _pendingCount = batch.Count;
        }
    }

    private void Close()
    {
        if (!_closed)
        {
            _closed = true;
            _writer.Dispose();
            _stream.Dispose();
        }
    }
}
