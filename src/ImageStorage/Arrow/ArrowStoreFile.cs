using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Arrays;
using Apache.Arrow.Ipc;
using ImageStorage.IO;

namespace ImageStorage.Arrow;

/// <summary>
/// An Arrow store file opened and checked: memory-mapped whole, its record batches read once by Apache.Arrow's
/// stream reader straight over the mapping, so every column is a view of the page cache (no copy, no allocator
/// memory), and its footer counted by Apache.Arrow's file reader to match. The mapping lives as long as this does.
/// </summary>
internal sealed unsafe class ArrowStoreFile : IDisposable
{
    private readonly MappedFile _map;
    private readonly List<ArrowImageBatch> _batches;

    private ArrowStoreFile(string path, MappedFile map, Schema schema, ImageShape shape, int batchRows, List<ArrowImageBatch> batches)
    {
        Path = path;
        _map = map;
        Schema = schema;
        Shape = shape;
        BatchRows = batchRows;
        _batches = batches;
        Count = batches.Sum(b => b.Count);
    }

    public string Path { get; }

    /// <summary>The schema as read, metadata included (an append writes it again unchanged).</summary>
    public Schema Schema { get; }

    public ImageShape Shape { get; }

    /// <summary>Rows of every batch but the last.</summary>
    public int BatchRows { get; }

    public int Count { get; }

    public IReadOnlyList<ArrowImageBatch> Batches => _batches;

    public static ArrowStoreFile Open(string path)
    {
        if (Directory.Exists(path))
        {
            throw new NotAStoreException(path, "is a directory, not an Arrow file.");
        }

        if (!File.Exists(path))
        {
            throw new NotAStoreException(path, "no such Arrow file.");
        }

        MappedFile map;
        using (var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete))
        {
            long length = RandomAccess.GetLength(file);
            if (length > ArrowLayout.MaxFileBytes)
            {
                throw new ImageStoreException(path, $"is {length} bytes; this library maps Arrow stores of up to 2 GiB (split larger data sets over several stores, as PartitionedStore does).");
            }

            // The descriptor closes here; the mapping stays valid.
            map = new MappedFile(file, length);
        }

        try
        {
            return Read(path, map);
        }
        catch (Exception e)
        {
            map.Dispose();
            if (e is ImageStoreException)
            {
                throw;
            }

            throw new CorruptStoreException(path, $"not a readable Arrow IPC file (truncated or corrupt): {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var batch in _batches)
        {
            batch.Batch.Dispose();
        }

        _map.Dispose();
    }

    private static ArrowStoreFile Read(string path, MappedFile map)
    {
        int length = (int)map.Length;
        int magic = ArrowLayout.Magic.Length;
        if (length < 2 * magic + 8 || !map.Span(0, magic).SequenceEqual(ArrowLayout.Magic))
        {
            throw new CorruptStoreException(path, $"truncated or not an Arrow IPC file: {length} bytes, without the leading ARROW1 magic and a footer.");
        }

        if (!map.Span(length - magic, magic).SequenceEqual(ArrowLayout.Magic))
        {
            throw new CorruptStoreException(path, "truncated: the file does not end with the Arrow footer's ARROW1 magic.");
        }

        // The map is native memory that outlives every view taken from it, so it can back Memory without pinning.
        byte* start = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(map.Span(0, length)));
        Schema schema;
        int blocks;
        using (var footer = new ArrowFileReader(new UnmanagedMemoryStream(start, length), leaveOpen: false))
        {
            // The footer has the schema even when no batch does (an empty store); over memory these complete synchronously.
            blocks = footer.RecordBatchCountAsync().AsTask().GetAwaiter().GetResult();
            schema = footer.Schema;
        }

        var (shape, batchRows) = ArrowLayout.Parse(schema, path);
        var batches = new List<ArrowImageBatch>(blocks);
        if (blocks > 0)
        {
            // The batches themselves through the stream reader over the map: its buffers are views, nothing is copied.
            using var reader = new ArrowStreamReader(new PointerMemory<byte>(start, length).Memory[8..]);
            int first = 0;
            while (reader.ReadNextRecordBatch() is { } batch)
            {
                batches.Add(Check(path, batch, first, batchRows, previousComplete: batches.Count == 0 || batches[^1].Count == batchRows));
                first = checked(first + batch.Length);
            }
        }

        if (blocks != batches.Count)
        {
            throw new CorruptStoreException(path, $"the footer lists {blocks} record batches, the file holds {batches.Count}.");
        }

        return new ArrowStoreFile(path, map, schema, shape, batchRows, batches);
    }

    // Every batch but the last holds batchRows rows, so an id's batch is id / batchRows; labels and checksums have no nulls.
    private static ArrowImageBatch Check(string path, RecordBatch batch, int first, int batchRows, bool previousComplete)
    {
        if (!previousComplete || batch.Length > batchRows || batch.Length == 0)
        {
            batch.Dispose();
            throw new CorruptStoreException(path, first, $"bad record batch layout: a batch of {batch.Length} rows where {batchRows} (or fewer, last) were expected.");
        }

        var pixels = (FixedSizeBinaryArray)batch.Column(0);
        var labels = (Int32Array)batch.Column(1);
        var checksums = (UInt32Array)batch.Column(2);
        if (labels.NullCount != 0 || checksums.NullCount != 0)
        {
            batch.Dispose();
            throw new CorruptStoreException(path, first, "bad record batch: null labels or checksums.");
        }

        return new ArrowImageBatch(first, pixels, labels, checksums, batch);
    }
}
