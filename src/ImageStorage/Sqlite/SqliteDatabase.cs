using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ImageStorage.Sqlite;

/// <summary>
/// One SQLite connection to a store file: Microsoft.Data.Sqlite opens and closes it (unpooled, so closing really
/// closes), statements run on its SQLitePCLRaw handle, and every SQLite error becomes the library's exception.
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    // Extended result codes this store reacts to (sqlite3.h).
    private const int ReadOnlyRollback = raw.SQLITE_READONLY | (3 << 8);
    private const int ReadOnlyDatabaseMoved = raw.SQLITE_READONLY | (4 << 8);
    private const int IoErrorShortRead = raw.SQLITE_IOERR | (2 << 8);

    private readonly SqliteConnection _connection;

    private SqliteDatabase(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    /// <summary>The store file.</summary>
    public string Path { get; }

    /// <summary>The native connection.</summary>
    public sqlite3 Handle => _connection.Handle ?? throw new ObjectDisposedException(nameof(SqliteDatabase));

    /// <summary>Opens <paramref name="path"/>: read-only for readers, read-write for writers, created for a new store.</summary>
    public static SqliteDatabase Open(string path, SqliteOpenMode mode)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            // SQLite's own busy handler, so raw statements wait for locks as long as Microsoft.Data.Sqlite's commands would.
            _ = raw.sqlite3_busy_timeout(connection.Handle, SqliteLayout.BusyTimeoutMilliseconds);
            _ = raw.sqlite3_extended_result_codes(connection.Handle, 1);
            return new SqliteDatabase(path, connection);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw Error(path, null, e.SqliteExtendedErrorCode, e.Message, e);
        }
    }

    /// <summary>Runs SQL that returns no rows (pragmas, DDL, transaction control).</summary>
    public void Execute(string sql)
    {
        int rc = raw.sqlite3_exec(Handle, sql);
        if (rc != raw.SQLITE_OK)
        {
            throw LastError(null);
        }
    }

    /// <summary>Runs a query whose first row's first column is an integer (a pragma such as <c>page_count</c>) and returns it.</summary>
    public long QueryInteger(string sql)
    {
        using var statement = Prepare(sql);
        return statement.Step(null) ? statement.Int64(0) : throw new ImageStoreException(Path, $"'{sql}' returned no row.");
    }

    /// <summary>Prepares a statement; <paramref name="onHotJournal"/> is called when a read finds a journal a dead writer left (see <see cref="SqliteStatement"/>).</summary>
    public SqliteStatement Prepare(string sql, Action<int?>? onHotJournal = null)
    {
        int rc = raw.sqlite3_prepare_v2(Handle, sql, out var statement);
        if (rc != raw.SQLITE_OK && onHotJournal is not null && IsHotJournal(raw.sqlite3_extended_errcode(Handle)))
        {
            // Preparing reads the schema, so a dead writer's journal can be met here as well as in a step.
            statement.Dispose();
            onHotJournal(null);
            rc = raw.sqlite3_prepare_v2(Handle, sql, out statement);
        }

        if (rc != raw.SQLITE_OK)
        {
            statement.Dispose();
            throw LastError(null);
        }

        return new SqliteStatement(this, statement, onHotJournal);
    }

    /// <summary>
    /// Starts the one write transaction a store allows at a time (SQLite's RESERVED lock, held until commit or
    /// rollback, released by the kernel if the process dies), or throws at once if another writer holds it.
    /// </summary>
    public void BeginWrite()
    {
        _ = raw.sqlite3_busy_timeout(Handle, 0);
        try
        {
            int rc = raw.sqlite3_exec(Handle, "BEGIN IMMEDIATE");
            if ((rc & 0xff) is raw.SQLITE_BUSY or raw.SQLITE_LOCKED)
            {
                throw new ImageStoreException(Path, "another writer is adding to or replacing this store; a store takes one writer at a time.");
            }

            if (rc != raw.SQLITE_OK)
            {
                throw LastError(null);
            }
        }
        finally
        {
            _ = raw.sqlite3_busy_timeout(Handle, SqliteLayout.BusyTimeoutMilliseconds);
        }
    }

    /// <summary>Ends the open transaction, keeping nothing it wrote (no-op if none is open).</summary>
    public void Rollback()
    {
        if (raw.sqlite3_get_autocommit(Handle) == 0)
        {
            _ = raw.sqlite3_exec(Handle, "ROLLBACK");
        }
    }

    /// <summary>The exception for the error the connection reports now, naming image <paramref name="id"/> if given.</summary>
    public ImageStoreException LastError(int? id) =>
        Error(Path, id, raw.sqlite3_extended_errcode(Handle), raw.sqlite3_errmsg(Handle).utf8_to_string(), null);

    /// <summary>True if <paramref name="code"/> (extended) says a read found a hot journal it may not play back, being read-only.</summary>
    public static bool IsHotJournal(int code) => code == ReadOnlyRollback;

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private static ImageStoreException Error(string path, int? id, int code, string message, Exception? inner)
    {
        string reason = string.Create(CultureInfo.InvariantCulture, $"SQLite error {code}: {message}");
        return (code & 0xff) switch
        {
            raw.SQLITE_CORRUPT or raw.SQLITE_NOTADB => Corrupt(path, id, $"not a readable SQLite database (truncated or corrupt): {reason}", inner),
            _ when code == IoErrorShortRead => Corrupt(path, id, $"truncated: {reason}", inner),
            raw.SQLITE_BUSY or raw.SQLITE_LOCKED => Plain(path, id, $"locked by a writer for more than {SqliteLayout.BusyTimeoutMilliseconds / 1000} s ({reason}).", inner),
            _ when code == ReadOnlyDatabaseMoved => Plain(path, id, $"the store was replaced or deleted while this writer had it open; nothing was written ({reason}).", inner),
            raw.SQLITE_CANTOPEN => new NotAStoreException(path, $"cannot be opened as a SQLite store: {reason}"),
            _ => Plain(path, id, reason, inner),
        };
    }

    private static CorruptStoreException Corrupt(string path, int? id, string message, Exception? inner) =>
        id is int image ? new CorruptStoreException(path, image, message, inner) : new CorruptStoreException(path, message, inner);

    private static ImageStoreException Plain(string path, int? id, string message, Exception? inner) =>
        id is int image ? new ImageStoreException(path, image, message, inner) : new ImageStoreException(path, message, inner);
}
