using System.Globalization;
using ImageStorage.IO;
using ImageStorage.Records;

namespace ImageStorage.RocksDb;

/// <summary>
/// Writes records as RocksDB table files (RocksDB's bulk load: sorted keys straight into tables, no write-ahead log,
/// no memtable, no compaction), built on every core, and ingests them all, with a table holding the new metadata
/// record, in one atomic, durable step at commit. Until then nothing reaches the database, so a writer killed
/// midway leaves it as it was; its table files, in a folder of their own, are removed by the next writer.
/// </summary>
internal sealed class RocksDbWriter : StoreWriter
{
    /// <summary>The folder inside the database directory where table files wait for the commit.</summary>
    public const string IngestFolder = "imagestorage-ingest";

    // Single adds are collected up to this many bytes of pixels before they become a table file.
    private const int PendingBytes = 8 << 20;

    private readonly RocksDbDatabase _database;
    private readonly PngCodec _codec;
    private readonly StoreManifest _manifest;
    private readonly byte _recordVersion;
    private readonly string _ingestDirectory;
    private readonly List<string> _tables = [];
    private ImageBatch? _pending;
    private int _pendingCount;
    private bool _released;

    private RocksDbWriter(string path, RocksDbDatabase database, StoreManifest manifest, PngCodec codec, StoreStaging? staging, StoreLock? storeLock)
        : base(path, manifest.Shape, manifest.Count ?? 0, staging, storeLock)
    {
        _database = database;
        _manifest = manifest;
        _codec = codec;
        // A store written before checksums existed keeps version 1 records, so all its records stay one version.
        _recordVersion = manifest.HasChecksums ? ImageRecord.Version : (byte)1;
        _ingestDirectory = System.IO.Path.Combine(Location, IngestFolder);
        // Table files of a writer that died before its commit: never ingested, so nothing refers to them.
        AtomicPublish.Delete(_ingestDirectory);
        Directory.CreateDirectory(_ingestDirectory);
    }

    /// <summary>Starts a new store described by <paramref name="manifest"/> in <paramref name="staging"/>, published at <paramref name="path"/> on commit.</summary>
    public static RocksDbWriter Create(string path, StoreManifest manifest, PngCodec codec, StoreStaging staging)
    {
        RocksDbDatabase? database = null;
        try
        {
            database = RocksDbDatabase.OpenForWriting(staging.Location, create: true);
            return new RocksDbWriter(path, database, manifest, codec, staging, null);
        }
        catch
        {
            database?.Dispose();
            staging.Discard();
            throw;
        }
    }

    /// <summary>Starts adding to the store at <paramref name="path"/>, holding <paramref name="storeLock"/>.</summary>
    public static RocksDbWriter Append(string path, PngCodec codec, StoreLock storeLock)
    {
        RocksDbDatabase? database = null;
        try
        {
            // Read-only first: a read-write open writes to the directory, and one that is not our store must stay untouched.
            using (var reader = RocksDbDatabase.OpenForReading(path))
            {
                _ = reader.ReadManifest();
            }

            database = RocksDbDatabase.OpenForWriting(path, create: false);
            return new RocksDbWriter(path, database, database.ReadManifest(), codec, null, storeLock);
        }
        catch
        {
            database?.Dispose();
            storeLock.Dispose();
            throw;
        }
    }

    protected override void WriteOne(int id, ReadOnlySpan<byte> pixels, int label)
    {
        _pending ??= ImageBatch.Allocate(Shape, Math.Max(1, PendingBytes / Shape.ByteCount));
        pixels.CopyTo(_pending.Image(_pendingCount));
        _pending.Labels[_pendingCount++] = label;
        if (_pendingCount == _pending.Count)
        {
            WritePending(id + 1);
        }
    }

    protected override void WriteMany(int firstId, ImageBatch batch)
    {
        if ((long)batch.Count * Shape.ByteCount < PendingBytes)
        {
            // Small batches are collected like single images, so that many small adds do not make many small tables.
            for (int i = 0; i < batch.Count; i++)
            {
                WriteOne(firstId + i, batch.Image(i), batch.Labels[i]);
            }

            return;
        }

        WritePending(firstId);
        WriteTables(firstId, batch);
    }

    protected override void Seal()
    {
        WritePending(Count);
        string metadata = System.IO.Path.Combine(_ingestDirectory, "metadata.sst");
        RocksDbTableFile.WriteMetadata(metadata, _manifest.WithCount(Count).ToBytes(), Path);
        _database.Ingest([.. _tables, metadata]);
        Release(discard: false);
    }

    protected override void Release(bool discard)
    {
        if (_released)
        {
            return;
        }

        _released = true;
        try
        {
            _database.Dispose();
        }
        finally
        {
            AtomicPublish.Delete(_ingestDirectory);
        }
    }

    // Turns the collected single images (ids nextId − count … nextId − 1) into a table file.
    private void WritePending(int nextId)
    {
        if (_pendingCount > 0)
        {
            int count = _pendingCount;
            _pendingCount = 0;
            WriteTables(nextId - count, _pending!.Slice(0, count));
        }
    }

    private void WriteTables(int firstId, ImageBatch batch)
    {
        var records = RecordBatch.Prepare(batch, _manifest.RecordEncoding, _codec, checksums: _recordVersion >= 2);
        ParallelWork.ForChunks(batch.Count, RocksDbTableFile.CountFor(records.PayloadBytes), (from, to) =>
        {
            // Named after its first id, so every table of this writer has a name of its own.
            string table = System.IO.Path.Combine(_ingestDirectory, string.Create(CultureInfo.InvariantCulture, $"{firstId + from:D10}.sst"));
            RocksDbTableFile.WriteRecords(table, records, from, to, firstId, _recordVersion, Path);
            lock (_tables)
            {
                _tables.Add(table);
            }
        });
    }
}
