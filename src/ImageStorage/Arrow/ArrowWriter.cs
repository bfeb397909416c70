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
    private readonly ArrowPendingRows _pending;
    private long _bytes = FixedOverhead;
    private bool _closed;

    private ArrowWriter(string path, ImageShape shape, Schema schema, int batchRows, ArrowStoreFile? existing, StoreStaging staging, StoreLock? storeLock)
        : base(path, shape, existing?.Count ?? 0, staging, storeLock)
    {
        _schema = schema;
        _batchRows = batchRows;
        _existing = existing;
        _pending = new ArrowPendingRows(shape, batchRows);
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

    public static ArrowWriter ForNew(string path, ImageShape shape, IReadOnlyList<string>? classes, StoreStaging staging)
    {
        int batchRows = ArrowLayout.BatchRowsFor(shape);
        try
        {
            return new ArrowWriter(path, shape, ArrowLayout.SchemaFor(shape, batchRows, classes), batchRows, existing: null, staging, storeLock: null);
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
        _pending.Add(pixels, label, ImageChecksum.Compute(pixels, label));
        if (_pending.IsFull)
        {
            FlushPending();
        }
    }

    protected override void WriteMany(int firstId, ImageBatch batch)
    {
        Reserve(batch.Count);
        uint[] checksums = ImageChecksum.ComputeAll(batch);
        int at = 0;
        if (_pending.Count > 0)
        {
            // Top up the batch being gathered first, so batches stay in id order and all but the last are full.
            at = Math.Min(_batchRows - _pending.Count, batch.Count);
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

    private void Gather(ImageBatch images, ReadOnlySpan<uint> checksums)
    {
        if (images.Count == 0)
        {
            return;
        }

        _pending.Add(images, checksums);
        if (_pending.IsFull)
        {
            FlushPending();
        }
    }

    private void FlushPending()
    {
        if (_pending.Count > 0)
        {
            Write(_pending.Images, _pending.Checksums);
            _pending.Clear();
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

            _pending.Add(batch.PixelRows(0, batch.Count, Shape.ByteCount), batch.Labels.Values, batch.Checksums.Values);
        }
    }

    private void Close()
    {
        if (!_closed)
        {
            _closed = true;
            _writer.Dispose();
            _stream.Dispose();
            _pending.Dispose();
        }
    }
}
