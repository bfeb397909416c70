using SQLitePCL;

namespace ImageStorage.Sqlite;

/// <summary>
/// A prepared statement stepped through SQLitePCLRaw: binding and column access without a managed allocation per
/// row, and blobs handed out as spans over SQLite's own memory (valid until the next step or reset).
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly sqlite3_stmt _statement;
    private readonly Action<int?>? _onHotJournal;

    /// <summary>Wraps a prepared statement of <paramref name="database"/>.</summary>
    public SqliteStatement(SqliteDatabase database, sqlite3_stmt statement, Action<int?>? onHotJournal)
    {
        _database = database;
        _statement = statement;
        _onHotJournal = onHotJournal;
    }

    /// <summary>Binds an integer to parameter <paramref name="index"/> (1-based).</summary>
    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    /// <summary>Binds a blob (SQLite copies it) to parameter <paramref name="index"/>.</summary>
    public void Bind(int index, ReadOnlySpan<byte> value) => Check(raw.sqlite3_bind_blob(_statement, index, value));

    /// <summary>Binds text to parameter <paramref name="index"/>.</summary>
    public void Bind(int index, string value) => Check(raw.sqlite3_bind_text(_statement, index, value));

    /// <summary>
    /// Steps once: true with a row, false when done. A read-only connection that meets a rollback journal left by a
    /// dead writer cannot play it back; the statement then asks its owner to (or to refuse) and tries once more.
    /// </summary>
    public bool Step(int? id)
    {
        int rc = raw.sqlite3_step(_statement);
        if (rc != raw.SQLITE_ROW && rc != raw.SQLITE_DONE && _onHotJournal is not null && SqliteDatabase.IsHotJournal(raw.sqlite3_extended_errcode(_database.Handle)))
        {
            _ = raw.sqlite3_reset(_statement);
            _onHotJournal(id);
            rc = raw.sqlite3_step(_statement);
        }

        return rc switch
        {
            raw.SQLITE_ROW => true,
            raw.SQLITE_DONE => false,
            _ => throw _database.LastError(id),
        };
    }

    /// <summary>Steps a statement that returns no rows.</summary>
    public void Run(int? id)
    {
        if (Step(id))
        {
            throw new InvalidOperationException("the statement returned a row");
        }
    }

    /// <summary>Ends the current execution (and the read transaction it holds), keeping the bindings.</summary>
    public void Reset() => _ = raw.sqlite3_reset(_statement);

    /// <summary>The storage class of column <paramref name="column"/> of the current row (<c>SQLITE_INTEGER</c>, <c>SQLITE_BLOB</c>, …).</summary>
    public int Type(int column) => raw.sqlite3_column_type(_statement, column);

    /// <summary>Column <paramref name="column"/> as an integer.</summary>
    public long Int64(int column) => raw.sqlite3_column_int64(_statement, column);

    /// <summary>Column <paramref name="column"/> as text.</summary>
    public string Text(int column) => raw.sqlite3_column_text(_statement, column).utf8_to_string();

    /// <summary>Column <paramref name="column"/> as bytes, in SQLite's memory (the page itself when the file is memory-mapped).</summary>
    public ReadOnlySpan<byte> Blob(int column) => raw.sqlite3_column_blob(_statement, column);

    /// <inheritdoc />
    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw _database.LastError(null);
        }
    }
}
