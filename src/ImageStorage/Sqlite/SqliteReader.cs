using System.Collections.Concurrent;
using System.Globalization;
using ImageStorage.IO;
using ImageStorage.Png;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ImageStorage.Sqlite;

/// <summary>
/// Reads a SQLite store through read-only connections, one per concurrent caller (SQLite connections are not
/// thread-safe), each with its statements prepared once and the file memory-mapped, so a row's pixels are copied
/// once, from the page cache into the caller's memory. Large ranges and id lists are split over the cores. Rows
/// below the count read at open never change, so every call sees the images that were committed then.
/// </summary>
internal sealed class SqliteReader : StoreReader
{
    // Below this many images, a second thread and connection cost more than they save.
    private const int ParallelThreshold = 2048;

    private readonly ConcurrentBag<Connection> _idle = [];
    private readonly (ulong Device, ulong Inode)? _identity;
    private readonly int _parallelism;

    private readonly PngImageCodec _codec;

    private SqliteReader(string path, SqliteMeta meta, StoreOptions options, Connection first, (ulong, ulong)? identity)
        : base(path, StoreKind.Sqlite, meta.Shape, meta.Count, new StoreReaderTraits(meta.Encoding, HasChecksums: true, options.VerifyChecksums) { ClassNames = meta.Classes })
    {
        _identity = identity;
        _parallelism = options.DecodeParallelism > 0 ? options.DecodeParallelism : Environment.ProcessorCount;
        _codec = PngImageCodec.For(options.PngCodec, meta.Shape);
        _idle.Add(first);
    }

    public static SqliteReader Open(StoreProbe probe, StoreOptions options)
    {
        string path = probe.Path;
        if (!probe.IsFile)
        {
            throw new NotAStoreException(path, probe.IsDirectory ? "is a directory, not a SQLite file." : "no such SQLite file.");
        }

        var identity = Posix.Identity(path);
        SqliteDatabase database = SqliteDatabase.Open(path, SqliteOpenMode.ReadOnly);
        try
        {
            var meta = SqliteMeta.Read(database, _ => Recover(path, identity, null));
            CheckLength(database, path, identity);
            var first = new Connection(database, id => Recover(path, identity, id));
            return new SqliteReader(path, meta, options, first, identity);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    protected override int ReadOne(int id, Span<byte> pixels, bool verify)
    {
        var connection = Rent();
        try
        {
            return ReadById(connection, id, pixels, verify);
        }
        finally
        {
            Return(connection);
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
            ReadIds(ids, destination, verify);
            return;
        }

        int[] all = ids.ToArray();
        ParallelWork.ForChunks(all.Length, _parallelism, (from, to) => ReadIds(all.AsSpan(from, to - from), destination.Slice(from, to - from), verify));
    }

    protected override void Dispose(bool disposing)
    {
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }

    // One statement over the range: rows come in id order, so a gap is a missing image.
    private void ReadChunk(int start, ImageBatch destination, bool verify)
    {
        var connection = Rent();
        var statement = connection.Range;
        try
        {
            statement.Bind(1, start);
            statement.Bind(2, start + destination.Count);
            var labels = destination.Labels;
            for (int i = 0; i < destination.Count; i++)
            {
                int id = start + i;
                if (!statement.Step(id) || statement.Int64(0) != id)
                {
                    throw new ImageNotFoundException(Path, id, "no row with this id in the 'images' table.");
                }

                labels[i] = Unpack(statement, id, destination.Image(i), verify);
            }
        }
        finally
        {
            statement.Reset();
            Return(connection);
        }
    }

    private void ReadIds(ReadOnlySpan<int> ids, ImageBatch destination, bool verify)
    {
        var connection = Rent();
        try
        {
            // One read transaction for the whole list: SQLite then locks and checks the file once, not once per id.
            connection.Database.Execute("BEGIN");
            var labels = destination.Labels;
            for (int i = 0; i < ids.Length; i++)
            {
                labels[i] = ReadById(connection, ids[i], destination.Image(i), verify);
            }
        }
        finally
        {
            connection.Database.Rollback();
            Return(connection);
        }
    }

    private int ReadById(Connection connection, int id, Span<byte> pixels, bool verify)
    {
        var statement = connection.One;
        try
        {
            statement.Bind(1, id);
            return statement.Step(id)
                ? Unpack(statement, id, pixels, verify)
                : throw new ImageNotFoundException(Path, id, "no row with this id in the 'images' table.");
        }
        finally
        {
            statement.Reset();
        }
    }

    // Checks the current row (label, checksum, pixels) and puts its image into pixels: a copy, or a PNG decode.
    private int Unpack(SqliteStatement row, int id, Span<byte> pixels, bool verify)
    {
        long label = row.Type(1) == raw.SQLITE_INTEGER ? row.Int64(1) : -1;
        long checksum = row.Type(2) == raw.SQLITE_INTEGER ? row.Int64(2) : -1;
        if (label is < 0 or > int.MaxValue || checksum is < 0 or > uint.MaxValue)
        {
            throw new CorruptStoreException(Path, id, "bad row: its label or checksum is not a non-negative 32-bit integer.");
        }

        if (row.Type(3) != raw.SQLITE_BLOB)
        {
            throw new CorruptStoreException(Path, id, "bad row: its pixels are not a BLOB.");
        }

        var value = row.Blob(3);
        if (Encoding == RecordEncoding.Png)
        {
            _codec.Decode(value, pixels, Path, id);
        }
        else if (value.Length == pixels.Length)
        {
            value.CopyTo(pixels);
        }
        else
        {
            throw new CorruptStoreException(Path, id, string.Create(CultureInfo.InvariantCulture, $"wrong length: {value.Length} pixel bytes, the shape {Shape} needs {Shape.ByteCount}."));
        }

        if (verify)
        {
            ImageChecksum.Check(Path, id, pixels, (int)label, (uint)checksum);
        }

        return (int)label;
    }

    private void Return(Connection connection)
    {
        _idle.Add(connection);
        if (IsDisposed)
        {
            // A read that was still running when the reader was disposed.
            Dispose(true);
        }
    }

    private Connection Rent()
    {
        ThrowIfDisposed();
        return _idle.TryTake(out var connection)
            ? connection
            : new Connection(SqliteDatabase.Open(Path, SqliteOpenMode.ReadOnly), id => Recover(Path, _identity, id));
    }

    // A dead appender's journal: played back by a connection that may write, unless the path now holds another store
    // (then the journal is that store's, and a live one).
    private static void Recover(string path, (ulong, ulong)? identity, int? id)
    {
        if (identity is not null && Posix.Identity(path) != identity)
        {
            throw id is int image
                ? new StoreReplacedException(path, image, "a newer store is at its path")
                : new ImageStoreException(path, "the store was replaced while it was being opened; open it again.");
        }

        using var writable = SqliteDatabase.Open(path, SqliteOpenMode.ReadWrite);
        // Any read makes SQLite roll back a hot journal first.
        _ = writable.QueryInteger("SELECT count(*) FROM meta");
    }

    // SQLite reads a page past the end of a truncated file as zeros; the header's page count tells it earlier.
    private static void CheckLength(SqliteDatabase database, string path, (ulong, ulong)? identity)
    {
        long pages = database.QueryInteger("PRAGMA page_count");
        long pageSize = database.QueryInteger("PRAGMA page_size");
        long length = new FileInfo(path).Length;
        if (pages * pageSize > length)
        {
            // The length is the path's: a writer that replaced the store since we opened it is not damage.
            if (Posix.Identity(path) != identity)
            {
                throw new StoreReplacedException(path, "the store was replaced while it was being opened");
            }

            throw new CorruptStoreException(path, string.Create(CultureInfo.InvariantCulture, $"truncated: its header counts {pages} pages of {pageSize} bytes, the file has {length} bytes."));
        }
    }

    /// <summary>One read-only connection with the statements every read uses.</summary>
    private sealed class Connection : IDisposable
    {
        public Connection(SqliteDatabase database, Action<int?> onHotJournal)
        {
            Database = database;
            try
            {
                database.Execute(string.Create(CultureInfo.InvariantCulture, $"PRAGMA mmap_size = {SqliteLayout.MapBytes}"));
                Range = database.Prepare(SqliteLayout.SelectRange, onHotJournal);
                One = database.Prepare(SqliteLayout.SelectOne, onHotJournal);
            }
            catch
            {
                Range?.Dispose();
                database.Dispose();
                throw;
            }
        }

        public SqliteDatabase Database { get; }

        public SqliteStatement Range { get; }

        public SqliteStatement One { get; }

        public void Dispose()
        {
            Range.Dispose();
            One.Dispose();
            Database.Dispose();
        }
    }
}
