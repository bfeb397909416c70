namespace ImageStorage.Sqlite;

/// <summary>
/// One SQLite database file of BLOB rows (<see cref="SqliteLayout"/>): one file, transactions and a query language,
/// readable by any SQLite 3 tool. Raw pixels or PNG bytes per row.
/// </summary>
internal sealed class SqliteFormat : StoreFormat
{
    public static SqliteFormat Instance { get; } = new();

    public override StoreKind Kind => StoreKind.Sqlite;

    public override string DisplayName => "SQLite";

    public override bool IsDirectory => false;

    public override IReadOnlyList<RecordEncoding> Encodings => [RecordEncoding.Raw, RecordEncoding.Png];

    public override string DefaultName(string stem) => stem + ".sqlite";

    public override bool Recognizes(StoreProbe probe) => probe.IsFile && probe.Head.AsSpan().StartsWith(SqliteLayout.Signature);

    public override IImageStoreWriter Create(string path, ImageShape shape, StoreOptions options)
    {
        if (!options.Overwrite || !(File.Exists(path) || Directory.Exists(path)))
        {
            return SqliteWriter.ForNew(path, shape, options, StoreStaging.ForNew(this, path, options), replaced: null);
        }

        // Replacing: the old store's own SQLite writer lock stands for StoreLock, whose whole-file lock would stall
        // every SQLite reader of it meanwhile (OFD locks and SQLite's POSIX record locks exclude each other).
        if (!StoreFormats.IsReadableStoreOf(this, path))
        {
            throw new NotAStoreException(path, $"exists and is not a readable {DisplayName} store; refusing to replace it.");
        }

        var replaced = SqliteWriter.LockForReplace(path);
        StoreStaging staging;
        try
        {
            staging = StoreStaging.ForRewrite(this, path);
        }
        catch
        {
            replaced.Rollback();
            replaced.Dispose();
            throw;
        }

        return SqliteWriter.ForNew(path, shape, options, staging, replaced);
    }

    public override IImageStoreWriter Append(string path, StoreOptions options) => SqliteWriter.ForAppend(path, options);

    public override IImageStore Open(StoreProbe probe, StoreOptions options) => SqliteReader.Open(probe, options);
}
