using ImageStorage.IO;
using ImageStorage.Records;
using RocksDbSharp;
using NativeDatabase = RocksDbSharp.RocksDb;

namespace ImageStorage.RocksDb;

/// <summary>
/// One open RocksDB database directory: read-only for readers (any number, in any process, even while a writer
/// holds the database, and each sees the state it opened), or read-write for the store's one writer (RocksDB's
/// own LOCK file keeps a second one out). RocksDB's errors become the library's exceptions here.
/// </summary>
internal sealed class RocksDbDatabase : IDisposable
{
    /// <summary>A file every RocksDB database directory has: the name of its current MANIFEST.</summary>
    public const string CurrentFile = "CURRENT";

    /// <summary>The file holding the database's unique id, written when it is created.</summary>
    public const string IdentityFile = "IDENTITY";

    // A read-only open lists the table files the MANIFEST names, and a writer's compaction may delete one in between.
    private const int OpenAttempts = 5;

    private readonly NativeDatabase _database;

    private RocksDbDatabase(string path, NativeDatabase database)
    {
        Path = path;
        _database = database;
    }

    /// <summary>The database directory.</summary>
    public string Path { get; }

    /// <summary>The native database handle, for the bindings' calls that take one.</summary>
    public IntPtr Handle => _database.Handle;

    /// <summary>Opens the database at <paramref name="path"/> read-only.</summary>
    public static RocksDbDatabase OpenForReading(string path)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return new RocksDbDatabase(path, Run(path, () => NativeDatabase.OpenReadOnly(RocksDbConfiguration.ForReading(), path, false)));
            }
            catch (ImageStoreException e) when (attempt < OpenAttempts && e.InnerException is RocksDbException && e.Reason.Contains("No such file", StringComparison.Ordinal) && File.Exists(System.IO.Path.Combine(path, CurrentFile)))
            {
                Thread.Sleep(10 * attempt);
            }
        }
    }

    /// <summary>Opens the database at <paramref name="path"/> for writing; <paramref name="create"/> makes a new one (the directory must hold none).</summary>
    public static RocksDbDatabase OpenForWriting(string path, bool create) =>
        new(path, Run(path, () => NativeDatabase.Open(RocksDbConfiguration.ForWriting(create), path)));

    /// <summary>Runs a call into RocksDB, turning its failures into the library's exceptions for the store at <paramref name="path"/>.</summary>
    public static T Run<T>(string path, Func<T> call)
    {
        try
        {
            return call();
        }
        catch (RocksDbException e)
        {
            throw Describe(path, e);
        }
        catch (TypeInitializationException e) when (e.TypeName == typeof(Native).FullName)
        {
            throw new ImageStoreException(path, $"RocksDB's native library (librocksdb.so, bundled with the RocksDB package) does not load here: {e.InnerException?.Message ?? e.Message}", e);
        }
    }

    /// <summary>Runs a call into RocksDB that returns nothing (see <see cref="Run{T}"/>).</summary>
    public static void Run(string path, Action call) => Run(path, () =>
    {
        call();
        return true;
    });

    /// <summary>Reads the store's manifest from its metadata record.</summary>
    public StoreManifest ReadManifest()
    {
        byte[]? value = Run(Path, () => _database.Get(RecordKey.MetadataKey));
        if (value is null)
        {
            throw new NotAStoreException(Path, "a RocksDB database, but not an image store: it has no metadata record.");
        }

        var manifest = StoreManifest.Parse(value, Path);
        return manifest.Format == RocksDbFormat.FormatName ? manifest
            : throw new NotAStoreException(Path, $"not a RocksDB image store: the metadata says format '{manifest.Format}'.");
    }

    /// <summary>An iterator over the database, reading with <paramref name="options"/>; dispose it after use.</summary>
    public Iterator NewIterator(ReadOptions options) => Run(Path, () => _database.NewIterator(null, options));

    /// <summary>Ingests the table files at <paramref name="files"/> in one atomic, durable step (they are moved, not copied).</summary>
    public void Ingest(string[] files) =>
        Run(Path, () => _database.IngestExternalFiles(files, new IngestExternalFileOptions().SetMoveFiles(true)));

    /// <inheritdoc />
    public void Dispose() => _database.Dispose();

    // RocksDB reports a Status as "Code: message"; the code tells damage from a missing database from the system.
    private static ImageStoreException Describe(string path, RocksDbException e)
    {
        string message = e.Message;
        if (message.StartsWith("Corruption", StringComparison.Ordinal))
        {
            return new CorruptStoreException(path, $"RocksDB reports {message}", e);
        }

        if (message.Contains("/" + CurrentFile + ": No such file", StringComparison.Ordinal))
        {
            return new NotAStoreException(path, $"not a RocksDB database ({message}).");
        }

        if (message.Contains("lock", StringComparison.OrdinalIgnoreCase) && message.Contains("LOCK", StringComparison.Ordinal))
        {
            return new ImageStoreException(path, $"another writer holds this RocksDB store; a store takes one writer at a time ({message}).", e);
        }

        return new ImageStoreException(path, $"RocksDB failed: {message}", e);
    }
}
