using ImageStorage.IO;
using ImageStorage.Records;
using LightningDB;

namespace ImageStorage.Lmdb;

/// <summary>
/// One open LMDB environment and its main database, shared by every store object on the same path in this process
/// (LMDB forbids opening one environment twice in a process). It hands out read transactions, and write
/// transactions that grow the map and retry when LMDB reports it full; growing waits until no read is in flight.
/// </summary>
internal sealed class LmdbEnvironment : IDisposable
{
    public const string DataFile = "data.mdb";

    // How often in a row a transaction is begun again after another process grew the map: each retry adopts the new size.
    private const int MaxResizeRetries = 16;

    private static readonly Dictionary<string, LmdbEnvironment> Shared = new(StringComparer.Ordinal);

    private readonly string _path;
    private readonly string _key;
    private readonly LightningEnvironment _environment;
    private readonly ReaderWriterLockSlim _remap = new(LockRecursionPolicy.NoRecursion);
    private int _users;
    private bool _writerActive;

    private LmdbEnvironment(string path, string key, LightningEnvironment environment, LightningDatabase database)
    {
        _path = path;
        _key = key;
        _environment = environment;
        Database = database;
    }

    public LightningDatabase Database { get; }

    /// <summary>
    /// The environment in directory <paramref name="path"/>, opened (and created, with <paramref name="initialMapSize"/>)
    /// on first use; every call must be paired with one <see cref="Dispose"/>.
    /// </summary>
    public static LmdbEnvironment Acquire(string path, long initialMapSize)
    {
        string full = System.IO.Path.GetFullPath(path);
        // Keyed by the directory itself, not its name: after a writer exchanges a new store into the path, an open
        // gets the new environment while readers of the old one keep theirs.
        string key = full + "\0" + (ImageStorage.IO.Posix.Identity(full)?.ToString() ?? string.Empty);
        lock (Shared)
        {
            if (!Shared.TryGetValue(key, out var environment))
            {
                environment = Open(full, key, initialMapSize);
                Shared.Add(key, environment);
            }

            environment._users++;
            return environment;
        }
    }

    /// <summary>Gives back one <see cref="Acquire"/>; the last one closes the environment.</summary>
    public void Dispose()
    {
        lock (Shared)
        {
            if (--_users > 0)
            {
                return;
            }

            Shared.Remove(_key);
            Database.Dispose();
            _environment.Dispose();
            _remap.Dispose();
        }
    }

    /// <summary>Claims the single writer slot of this environment in this process.</summary>
    public void BeginWriter()
    {
        lock (Shared)
        {
            if (_writerActive)
            {
                throw new ImageStoreException(_path, "another writer is already adding images to this store; LMDB stores take one writer at a time.");
            }

            _writerActive = true;
        }
    }

    /// <summary>Frees the writer slot.</summary>
    public void EndWriter()
    {
        lock (Shared)
        {
            _writerActive = false;
        }
    }

    private static LmdbEnvironment Open(string path, string key, long initialMapSize)
    {
        LmdbNative.EnsureLoaded();
        string data = System.IO.Path.Combine(path, DataFile);
        if (LmdbDataFile.RequiredLength(data) is long required && new FileInfo(data).Length < required)
        {
            throw new CorruptStoreException(path, $"truncated: {DataFile} has {new FileInfo(data).Length} bytes, its last committed transaction uses {required}.");
        }

        var configuration = new EnvironmentConfiguration { MaxReaders = 512 };
        if (initialMapSize > 0)
        {
            configuration.MapSize = initialMapSize;
        }

        var environment = new LightningEnvironment(path, configuration);
        try
        {
            // NoThreadLocalStorage: read transactions are not tied to a thread, so one store serves many threads.
            environment.Open(EnvironmentOpenFlags.NoThreadLocalStorage);
            // The unnamed main database always exists, so a read transaction can open it: no writer lock, no commit.
            using var transaction = environment.BeginTransaction(TransactionBeginFlags.ReadOnly);
            var database = transaction.OpenDatabase(configuration: new DatabaseConfiguration { Flags = DatabaseOpenFlags.None });
            transaction.Commit().ThrowOnError();
            return new LmdbEnvironment(path, key, environment, database);
        }
        catch (LightningException e)
        {
            environment.Dispose();
            throw OpenFailure(path, e);
        }
        catch
        {
            environment.Dispose();
            throw;
        }
    }

    /// <summary>An LMDB result code as its name and LMDB's own explanation, for messages.</summary>
    public static string Describe(MDBResultCode code) => $"{code} ({(int)code})";

    // Why an environment did not open, in words that name the cause: another LMDB's file format, damage, or the system.
    private static ImageStoreException OpenFailure(string path, LightningException e)
    {
        // LightningDB wraps the failing native call's exception in one with status 0: the cause is inside.
        var cause = e;
        while (cause.StatusCode == 0 && cause.InnerException is LightningException inner)
        {
            cause = inner;
        }

        var code = (MDBResultCode)cause.StatusCode;
        string data = System.IO.Path.Combine(path, DataFile);
        string reason = $"LMDB cannot open the environment: {Describe(code)}: {cause.Message}";
        if (code is MDBResultCode.Invalid or MDBResultCode.VersionMismatch && LmdbDataFile.Describe(data) is { } written)
        {
            return new UnsupportedFormatException(path, $"{written}; this library's LMDB {LmdbNative.LibraryVersion} reads data format {LmdbDataFile.SupportedVersion} only ({reason}).", e);
        }

        return code is MDBResultCode.Invalid or MDBResultCode.Corrupted or MDBResultCode.PageNotFound
            ? new CorruptStoreException(path, $"{reason} (truncated or damaged {DataFile}?)", e)
            : new ImageStoreException(path, reason, e);
    }

    /// <summary>Bytes of map a write of <paramref name="count"/> records of these sizes may need, so the map is grown once, up front.</summary>
    public static long EstimateBytes(int count, int keySize, int valueSize)
    {
        const int page = 4096;
        long node = keySize + valueSize + 16;
        // Values too big for half a page go to overflow pages of their own; small ones share leaf pages.
        long perRecord = node > page / 2 ? ((valueSize + 16 + page - 1) / page * page) + 64 : node * 3 / 2;
        return (count * perRecord) + (64L * page);
    }

    /// <summary>
    /// Begins a read-only transaction (cheap: LMDB readers take no locks); dispose the scope to end it. When another
    /// process has grown the map past ours, LMDB refuses the transaction with MDB_MAP_RESIZED: the map is adopted
    /// and the transaction begun again, a bounded number of times.
    /// </summary>
    public ReadScope BeginRead()
    {
        for (int attempt = 0; ; attempt++)
        {
            _remap.EnterReadLock();
            try
            {
                return new ReadScope(_remap, _environment.BeginTransaction(TransactionBeginFlags.ReadOnly));
            }
            catch (LightningException e) when ((MDBResultCode)e.StatusCode == MDBResultCode.MapResized)
            {
                _remap.ExitReadLock();
                if (attempt >= MaxResizeRetries)
                {
                    throw new ImageStoreException(_path, $"LMDB kept reporting the map resized by another writer ({MaxResizeRetries} times in a row); try again.", e);
                }

                AdoptGrownMap();
            }
            catch
            {
                _remap.ExitReadLock();
                throw;
            }
        }
    }

    // Adopts the map size another process grew the file to. mdb_env_set_mapsize(env, 0) does that, but LightningDB's
    // setter skips a value equal to its cached one — 0 after an open without a size — so it is set to the current size
    // first (a no-op for LMDB) to make the 0 reach LMDB. No transaction of this process may be open meanwhile.
    private void AdoptGrownMap() => Remap(() =>
    {
        _environment.MapSize = _environment.Info.MapSize;
        _environment.MapSize = 0;
    });

    /// <summary>Reads the store's metadata record.</summary>
    public StoreManifest ReadManifest()
    {
        using var scope = BeginRead();
        var (code, _, value) = scope.Transaction.Get(Database, RecordKey.MetadataKey);
        if (code == MDBResultCode.NotFound)
        {
            throw new NotAStoreException(_path, "an LMDB environment, but not an image store: it has no metadata record.");
        }

        code.ThrowOnError();
        var manifest = StoreManifest.Parse(value.AsSpan(), _path);
        if (manifest.Format != LmdbFormat.FormatName)
        {
            throw new NotAStoreException(_path, $"not an LMDB image store: the metadata says format '{manifest.Format}'.");
        }

        return manifest;
    }

    /// <summary>
    /// Runs <paramref name="write"/> in a write transaction and commits it; when the map is full, aborts, grows the
    /// map and runs it again, so a write never fails for lack of map size.
    /// </summary>
    public void WriteWithGrowth(long expectedBytes, Func<LightningTransaction, MDBResultCode> write)
    {
        EnsureRoom(expectedBytes);
        for (int attempt = 0; ; attempt++)
        {
            MDBResultCode code;
            using (var transaction = BeginWrite(attempt))
            {
                code = write(transaction);
                if (code == MDBResultCode.Success)
                {
                    code = transaction.Commit();
                }
                else
                {
                    transaction.Abort();
                }
            }

            if (code == MDBResultCode.Success)
            {
                return;
            }

            if (code != MDBResultCode.MapFull || attempt >= 40)
            {
                throw new ImageStoreException(_path, $"LMDB write failed: {Describe(code)}.");
            }

            Remap(() => _environment.MapSize = checked(_environment.Info.MapSize * 2));
        }
    }

    // A write transaction; like a read, it is refused with MDB_MAP_RESIZED while this process maps less than another process grew the file to.
    private LightningTransaction BeginWrite(int attempt)
    {
        for (int resize = 0; ; resize++)
        {
            try
            {
                return _environment.BeginTransaction();
            }
            catch (LightningException e) when ((MDBResultCode)e.StatusCode == MDBResultCode.MapResized && resize < MaxResizeRetries + attempt)
            {
                AdoptGrownMap();
            }
        }
    }

    private void EnsureRoom(long bytes)
    {
        long pageSize = _environment.EnvironmentStats.PageSize;
        long used = (_environment.Info.LastPageNumber + 1) * pageSize;
        long map = _environment.Info.MapSize;
        if (used + bytes > map)
        {
            long wanted = Math.Max(map * 2, used + (bytes * 5 / 4));
            Remap(() => _environment.MapSize = (wanted + (1 << 20) - 1) / (1 << 20) * (1 << 20));
        }
    }

    // LMDB may move the map when its size changes, so no read may be in flight in this process meanwhile.
    private void Remap(Action resize)
    {
        _remap.EnterWriteLock();
        try
        {
            resize();
        }
        finally
        {
            _remap.ExitWriteLock();
        }
    }

    /// <summary>A read transaction that holds off map resizes until it is disposed.</summary>
    public readonly struct ReadScope(ReaderWriterLockSlim remap, LightningTransaction transaction) : IDisposable
    {
        public LightningTransaction Transaction { get; } = transaction;

        public void Dispose()
        {
            Transaction.Dispose();
            remap.ExitReadLock();
        }
    }
}
