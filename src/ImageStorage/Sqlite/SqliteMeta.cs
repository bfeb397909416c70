using System.Globalization;
using SQLitePCL;

namespace ImageStorage.Sqlite;

/// <summary>The rows of a SQLite store's <c>meta</c> table: what the store holds, checked when read.</summary>
/// <param name="Shape">The shape of every image.</param>
/// <param name="Count">Images committed.</param>
/// <param name="Encoding">What each <c>pixels</c> value holds.</param>
internal sealed record SqliteMeta(ImageShape Shape, int Count, RecordEncoding Encoding)
{
    /// <summary>The class names, kept as a JSON array in the row <c>classes</c> when the store has them.</summary>
    public IReadOnlyList<string>? Classes { get; init; }

    public const string FormatName = "imagestorage-sqlite";
    public const int CurrentVersion = 1;

    /// <summary>Writes every row of a new store's <c>meta</c> table.</summary>
    public void Insert(SqliteDatabase database)
    {
        using var insert = database.Prepare("INSERT INTO meta (key, value) VALUES (?1, ?2)");
        foreach (var (key, value) in Rows())
        {
            insert.Bind(1, key);
            if (value is string text)
            {
                insert.Bind(2, text);
            }
            else
            {
                insert.Bind(2, Convert.ToInt64(value, CultureInfo.InvariantCulture));
            }

            insert.Run(null);
            insert.Reset();
        }
    }

    /// <summary>Records <paramref name="count"/> as the committed count, inside the writer's transaction.</summary>
    public static void UpdateCount(SqliteDatabase database, int count)
    {
        using var update = database.Prepare("UPDATE meta SET value = ?1 WHERE key = 'count'");
        update.Bind(1, count);
        update.Run(null);
    }

    /// <summary>Reads and checks the <c>meta</c> table; a database without one is no image store.</summary>
    public static SqliteMeta Read(SqliteDatabase database, Action<int?>? onHotJournal = null)
    {
        string path = database.Path;
        using (var tables = database.Prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('meta', 'images')", onHotJournal))
        {
            if (!tables.Step(null) || tables.Int64(0) != 2)
            {
                throw new NotAStoreException(path, "a SQLite database without the image store's 'meta' and 'images' tables.");
            }
        }

        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        using (var rows = database.Prepare("SELECT key, value FROM meta", onHotJournal))
        {
            while (rows.Step(null))
            {
                values[rows.Text(0)] = rows.Type(1) == raw.SQLITE_INTEGER ? rows.Int64(1) : rows.Text(1);
            }
        }

        if (Text(values, "format", path) != FormatName)
        {
            throw new NotAStoreException(path, $"a SQLite database whose meta table says format '{values["format"]}', not '{FormatName}'.");
        }

        long version = Integer(values, "version", path);
        if (version != CurrentVersion)
        {
            throw new UnsupportedFormatException(path, string.Create(CultureInfo.InvariantCulture, $"format version {version} is not supported (this library reads version {CurrentVersion})."));
        }

        string checksum = Text(values, "checksum", path);
        if (checksum != ImageChecksum.Algorithm)
        {
            throw new UnsupportedFormatException(path, $"checksum '{checksum}' is not supported ({ImageChecksum.Algorithm}).");
        }

        var encoding = Text(values, "encoding", path) switch
        {
            "raw" => RecordEncoding.Raw,
            "png" => RecordEncoding.Png,
            var other => throw new UnsupportedFormatException(path, $"record encoding '{other}' is not supported (raw or png)."),
        };
        var shape = new ImageShape(Small(values, "height", path), Small(values, "width", path), Small(values, "channels", path)).ValidateStored(path);
        long count = Integer(values, "count", path);
        string[]? classes = values.ContainsKey("classes") ? ParseClasses(Text(values, "classes", path), path) : null;
        return count is >= 0 and <= int.MaxValue
            ? new SqliteMeta(shape, (int)count, encoding) { Classes = classes }
            : throw new CorruptStoreException(path, string.Create(CultureInfo.InvariantCulture, $"the meta table's count {count} is out of range."));
    }

    private IEnumerable<(string Key, object Value)> Rows() =>
    [
        ("format", FormatName),
        ("version", CurrentVersion),
        ("height", Shape.Height),
        ("width", Shape.Width),
        ("channels", Shape.Channels),
        ("count", Count),
        ("encoding", Encoding == RecordEncoding.Png ? "png" : "raw"),
        ("checksum", ImageChecksum.Algorithm),
        .. Classes is null ? [] : new[] { ("classes", (object)System.Text.Json.JsonSerializer.Serialize(Classes)) },
    ];

    private static string[] ParseClasses(string json, string path)
    {
        try
        {
            string[]? classes = System.Text.Json.JsonSerializer.Deserialize<string[]>(json);
            return classes is not null && !classes.Any(string.IsNullOrEmpty) ? classes : throw new CorruptStoreException(path, "the meta table's 'classes' holds an empty class name.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new CorruptStoreException(path, $"the meta table's 'classes' is not a JSON array of names: {e.Message}", e);
        }
    }

    private static object Value(Dictionary<string, object> values, string key, string path) =>
        values.TryGetValue(key, out object? value) ? value : throw new CorruptStoreException(path, $"the meta table has no '{key}' row.");

    private static string Text(Dictionary<string, object> values, string key, string path) =>
        Value(values, key, path) as string ?? throw new CorruptStoreException(path, $"the meta table's '{key}' is not text.");

    private static long Integer(Dictionary<string, object> values, string key, string path) =>
        Value(values, key, path) is long value ? value : throw new CorruptStoreException(path, $"the meta table's '{key}' is not an integer.");

    private static int Small(Dictionary<string, object> values, string key, string path) =>
        (int)Math.Clamp(Integer(values, key, path), 0, ImageShape.MaxSide + 1);
}
