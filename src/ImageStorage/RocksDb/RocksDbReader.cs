using ImageStorage.IO;
using ImageStorage.Png;
using ImageStorage.Records;
using RocksDbSharp;

namespace ImageStorage.RocksDb;

/// <summary>
/// Reads records from a read-only RocksDB open: it sees the database as it was when opened, whatever a writer
/// commits later, so the count read then bounds every read. A single image is a pinned get (the value is read
/// in place from the memory-mapped table, not copied into a buffer first); a range is an iterator walk, split over
/// the cores for large ranges, each core with its own iterator.
/// </summary>
internal sealed unsafe class RocksDbReader : StoreReader
{
    // Below this many images, starting a second thread costs more than it saves.
    private const int ParallelThreshold = 2048;

    private readonly RocksDbDatabase _database;
    private readonly ReadOptions _readOptions = RocksDbConfiguration.ForReads();
    private readonly byte _recordVersion;
    private readonly byte _encoding;
    private readonly int _parallelism;
    private readonly PngImageCodec _codec;

    private RocksDbReader(string path, RocksDbDatabase database, StoreManifest manifest, StoreOptions options)
        : base(path, StoreKind.RocksDb, manifest.Shape, manifest.Count ?? 0, manifest.Traits(options))
    {
        _database = database;
        _recordVersion = manifest.HasChecksums ? ImageRecord.Version : (byte)1;
        _encoding = ImageRecord.EncodingByte(manifest.RecordEncoding);
        _parallelism = options.DecodeParallelism > 0 ? options.DecodeParallelism : Environment.ProcessorCount;
        _codec = PngImageCodec.For(options.PngCodec, manifest.Shape);
    }

    /// <summary>Opens the store at <paramref name="path"/> read-only.</summary>
    public static RocksDbReader Open(string path, StoreOptions options)
    {
        var database = RocksDbDatabase.OpenForReading(path);
        try
        {
            return new RocksDbReader(path, database, database.ReadManifest(), options);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    protected override int ReadOne(int id, Span<byte> pixels, bool verify)
    {
        byte* key = stackalloc byte[RecordKey.Size];
        RecordKey.Write(id, new Span<byte>(key, RecordKey.Size));
        IntPtr slice;
        try
        {
            slice = Native.Instance.rocksdb_get_pinned(_database.Handle, _readOptions.Handle, key, RecordKey.Size);
        }
        catch (RocksDbException e)
        {
            throw new CorruptStoreException(Path, id, $"RocksDB read failed: {e.Message}", e);
        }

        if (slice == IntPtr.Zero)
        {
            throw new ImageNotFoundException(Path, id, "no RocksDB record under its key.");
        }

        try
        {
            byte* value = (byte*)Native.Instance.rocksdb_pinnableslice_value(slice, out UIntPtr length);
            return Unpack(new ReadOnlySpan<byte>(value, checked((int)length)), id, pixels, verify);
        }
        finally
        {
            Native.Instance.rocksdb_pinnableslice_destroy(slice);
        }
    }

    protected override void ReadRangeCore(int start, ImageBatch destination, bool verify)
    {
        int chunks = destination.Count >= ParallelThreshold ? _parallelism : 1;
        ParallelWork.ForChunks(destination.Count, chunks, (from, to) => ReadChunk(start + from, destination.Slice(from, to - from), verify));
    }

    protected override void ReadManyCore(ReadOnlySpan<int> ids, ImageBatch destination, bool verify)
    {
        if (ids.Length < ParallelThreshold)
        {
            base.ReadManyCore(ids, destination, verify);
            return;
        }

        // A get costs a few microseconds of CPU (index and block search), so long id lists are split over the cores.
        int[] list = ids.ToArray();
        ParallelWork.ForChunks(list.Length, _parallelism, (from, to) =>
        {
            for (int i = from; i < to; i++)
            {
                destination.Labels[i] = ReadOne(list[i], destination.Image(i), verify);
            }
        });
    }

    protected override void Dispose(bool disposing) => _database.Dispose();

    // Reads images [start, start + destination.Count) with one iterator walk; the values it hands out are read in place.
    private void ReadChunk(int start, ImageBatch destination, bool verify)
    {
        using var iterator = _database.NewIterator(_readOptions);
        Span<byte> key = stackalloc byte[RecordKey.Size];
        RecordKey.Write(start, key);
        iterator.Seek(key);
        var labels = destination.Labels;
        for (int i = 0; i < destination.Count; i++)
        {
            int id = start + i;
            if (!iterator.Valid() || RecordKey.Parse(iterator.GetKeySpan()) != id)
            {
                throw Missing(iterator, id);
            }

            labels[i] = Unpack(iterator.GetValueSpan(), id, destination.Image(i), verify);
            iterator.Next();
        }
    }

    private int Unpack(ReadOnlySpan<byte> value, int id, Span<byte> pixels, bool verify) =>
        ImageRecord.Unpack(value, _recordVersion, _codec, _encoding, Path, id, pixels, verify);

    // An iterator that ended or skipped the id: either RocksDB failed (its status says so) or the record is absent.
    private ImageStoreException Missing(Iterator iterator, int id)
    {
        try
        {
            Native.Instance.rocksdb_iter_get_error(iterator.Handle);
        }
        catch (RocksDbException e)
        {
            return new CorruptStoreException(Path, id, $"RocksDB read failed: {e.Message}", e);
        }

        return new ImageNotFoundException(Path, id, "no RocksDB record under its key.");
    }
}
