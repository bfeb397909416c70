namespace ImageStorage.Sqlite;

/// <summary>
/// What a SQLite store holds, in one <c>.sqlite</c> file that Debian's <c>sqlite3</c> and any SQLite 3 opens:
/// <code>
/// CREATE TABLE meta   (key TEXT PRIMARY KEY NOT NULL, value NOT NULL) WITHOUT ROWID;
/// CREATE TABLE images (id INTEGER PRIMARY KEY, label INTEGER NOT NULL, checksum INTEGER NOT NULL, pixels BLOB NOT NULL);
/// </code>
/// <c>meta</c> has one row per key: format (<c>imagestorage-sqlite</c>), version (1), height, width, channels, count,
/// encoding (<c>raw</c> or <c>png</c>) and checksum (<c>crc32</c>); <c>images</c> one row per image, the id being the
/// rowid, so rows sit in id order in the table's b-tree. <c>pixels</c> is last so that the small columns sit at the
/// start of every row. Pages are 64 KiB and new stores have no journal while staged; appends use the rollback journal.
/// </summary>
internal static class SqliteLayout
{
    /// <summary>
    /// Page size of new stores, chosen by measurement with 100,000 32×32×3 images: 4 KiB pages hold one row each (a
    /// 411 MB file for 307 MB of pixels), 16 KiB pages five (328 MB), 64 KiB pages twenty-one (312 MB); reading all
    /// rows took 255, 179 and 143 ms of CPU through read(), 183, 157 and 129 ms memory-mapped (see the README).
    /// </summary>
    public const int PageSize = 65536;

    /// <summary>
    /// Bytes of the file each reading connection memory-maps, so that a row's pixels are read straight from the page
    /// cache. SQLite caps it at its build's limit (2 GiB in the bundled 3.53.3); pages past it are read with read().
    /// </summary>
    public const long MapBytes = 1L << 40;

    /// <summary>
    /// Dirty pages an append may hold in memory before SQLite writes them into the file early; until then readers
    /// keep reading during an append and wait only for its commit.
    /// </summary>
    public const long AppendCacheBytes = 256L << 20;

    /// <summary>How long a statement waits for another connection's lock before it fails (a commit waits for readers, readers for a commit).</summary>
    public const int BusyTimeoutMilliseconds = 30_000;

    public const string CreateTables =
        "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value NOT NULL) WITHOUT ROWID;" +
        "CREATE TABLE images (id INTEGER PRIMARY KEY, label INTEGER NOT NULL, checksum INTEGER NOT NULL, pixels BLOB NOT NULL);";

    public const string Insert = "INSERT INTO images (id, label, checksum, pixels) VALUES (?1, ?2, ?3, ?4)";

    /// <summary>Images [?1, ?2) in id order; the columns every read decodes (see <see cref="SqliteReader"/>).</summary>
    public const string SelectRange = "SELECT id, label, checksum, pixels FROM images WHERE id >= ?1 AND id < ?2 ORDER BY id";

    /// <summary>Image ?1, with the same columns as <see cref="SelectRange"/>.</summary>
    public const string SelectOne = "SELECT id, label, checksum, pixels FROM images WHERE id = ?1";

    /// <summary>The SQLite file signature: every SQLite 3 database starts with these 16 bytes.</summary>
    public static ReadOnlySpan<byte> Signature => "SQLite format 3\0"u8;
}
