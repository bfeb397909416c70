using System.Globalization;
using ImageStorage.Png;
using Microsoft.Data.Sqlite;

namespace ImageStorage.Sqlite;

/// <summary>
/// Writes rows with one prepared INSERT inside one transaction. A new store is built in its staging file with no
/// journal at all (nobody else sees that file, and a dead writer's is thrown away), then fsync'd and published.
/// An append is one transaction on the store itself under the rollback journal: its BEGIN IMMEDIATE is the store's
/// writer lock, its COMMIT (which fsyncs) publishes, and SQLite rolls back whatever a killed appender left.
/// </summary>
internal sealed class SqliteWriter : StoreWriter
{
    private readonly SqliteDatabase _database;
    private readonly SqliteStatement _insert;
    private readonly SqliteDatabase? _replaced;
    private readonly RecordEncoding _encoding;
    private bool _closed;

    private readonly PngImageCodec _codec;

    private SqliteWriter(string path, SqliteMeta meta, PngCodec codec, StoreStaging? staging, SqliteDatabase database, SqliteDatabase? replaced)
        : base(path, meta.Shape, meta.Count, staging, storeLock: null)
    {
        _codec = PngImageCodec.For(codec, meta.Shape);
        _database = database;
        _replaced = replaced;
        _encoding = meta.Encoding;
        _insert = database.Prepare(SqliteLayout.Insert);
    }

    /// <summary>
    /// Starts a new store in <paramref name="staging"/>; <paramref name="replaced"/>, if given, holds the write lock
    /// of the store it replaces until this writer ends, and is disposed with it.
    /// </summary>
    public static SqliteWriter ForNew(string path, ImageShape shape, StoreOptions options, StoreStaging staging, SqliteDatabase? replaced)
    {
        SqliteDatabase? database = null;
        try
        {
            database = SqliteDatabase.Open(staging.Location, SqliteOpenMode.ReadWriteCreate);
            database.Execute(string.Create(CultureInfo.InvariantCulture, $"PRAGMA page_size = {SqliteLayout.PageSize}; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"));
            database.Execute("BEGIN IMMEDIATE");
            database.Execute(SqliteLayout.CreateTables);
            var meta = new SqliteMeta(shape, 0, options.Encoding) { Classes = options.ClassNames };
            meta.Insert(database);
            return new SqliteWriter(path, meta, options.PngCodec, staging, database, replaced);
        }
        catch
        {
            database?.Dispose();
            staging.Discard();
            Release(replaced);
            throw;
        }
    }

    /// <summary>Starts an append to the store at <paramref name="path"/>, taking its writer lock.</summary>
    public static SqliteWriter ForAppend(string path, StoreOptions options)
    {
        var database = SqliteDatabase.Open(path, SqliteOpenMode.ReadWrite);
        try
        {
            // Set outside the transaction (SQLite refuses to change synchronous inside one). EXTRA: the commit fsyncs
            // journal and file, and the directory once the journal is deleted, without which a power cut could bring
            // the journal back and roll the committed append back.
            database.Execute(string.Create(CultureInfo.InvariantCulture, $"PRAGMA journal_mode = DELETE; PRAGMA synchronous = EXTRA; PRAGMA cache_spill = {SqliteLayout.AppendCacheBytes / database.QueryInteger("PRAGMA page_size")};"));
            database.BeginWrite();
            return new SqliteWriter(path, SqliteMeta.Read(database), options.PngCodec, staging: null, database, replaced: null);
        }
        catch
        {
            database.Rollback();
            database.Dispose();
            throw;
        }
    }

    /// <summary>Takes the writer lock of the store at <paramref name="path"/> (which a new store is about to replace) and returns the connection holding it.</summary>
    public static SqliteDatabase LockForReplace(string path)
    {
        var database = SqliteDatabase.Open(path, SqliteOpenMode.ReadWrite);
        try
        {
            // Taking it also plays back a journal a dead appender left, which must not stay beside the new store's path.
            database.BeginWrite();
            return database;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    protected override void WriteOne(int id, ReadOnlySpan<byte> pixels, int label)
    {
        uint checksum = ImageChecksum.Compute(pixels, label);
        if (_encoding == RecordEncoding.Png)
        {
            Insert(id, label, checksum, _codec.Encode(pixels));
        }
        else
        {
            Insert(id, label, checksum, pixels);
        }
    }

    protected override void WriteMany(int firstId, ImageBatch batch)
    {
        // Checksums and PNG encoding on every core first; SQLite's writer is one thread.
        uint[] checksums = ImageChecksum.ComputeAll(batch);
        byte[][]? encoded = _encoding == RecordEncoding.Png ? _codec.EncodeAll(batch) : null;
        var labels = batch.Labels;
        for (int i = 0; i < batch.Count; i++)
        {
            Insert(firstId + i, labels[i], checksums[i], encoded is null ? batch.Image(i) : encoded[i]);
        }
    }

    protected override void Seal()
    {
        SqliteMeta.UpdateCount(_database, Count);
        _database.Execute("COMMIT");
        Close();
        if (IsStaged)
        {
            // Written without a journal or syncs: one fsync now makes the whole file durable before it is published.
            using var file = File.OpenHandle(Location, FileMode.Open, FileAccess.ReadWrite);
            RandomAccess.FlushToDisk(file);
        }
    }

    protected override void Release(bool discard)
    {
        if (!_closed)
        {
            // A staged file is deleted whole; an append's transaction is rolled back from its journal.
            if (!IsStaged)
            {
                _database.Rollback();
            }

            Close();
        }

        Release(_replaced);
    }

    private static void Release(SqliteDatabase? writerLock)
    {
        writerLock?.Rollback();
        writerLock?.Dispose();
    }

    private void Insert(int id, int label, uint checksum, ReadOnlySpan<byte> pixels)
    {
        _insert.Bind(1, id);
        _insert.Bind(2, label);
        _insert.Bind(3, checksum);
        _insert.Bind(4, pixels);
        try
        {
            _insert.Run(id);
        }
        finally
        {
            _insert.Reset();
        }
    }

    private void Close()
    {
        _closed = true;
        _insert.Dispose();
        _database.Dispose();
    }
}
