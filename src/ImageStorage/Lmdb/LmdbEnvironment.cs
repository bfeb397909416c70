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

    private static readonly Dictionary<string, LmdbEnvironment> Shared = new(StringComparer.Ordinal);

    private readonly string _path;
    private readonly LightningEnvironment _environment;
    private readonly ReaderWriterLockSlim _remap = new(LockRecursionPolicy.NoRecursion);
    private int _users;
    private bool _writerActive;

    private LmdbEnvironment(string path, LightningEnvironment environment, LightningDatabase database)
    {
        _path = path;
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
        string key = System.IO.Path.GetFullPath(path);
        lock (Shared)
        {
            if (!Shared.TryGetValue(key, out var environment))
            {
                environment = Open(key, initialMapSize);
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

            Shared.Remove(_path);
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

    private static LmdbEnvironment Open(string path, long initialMapSize)
    {
        LmdbNative.EnsureLoaded();
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
            return new LmdbEnvironment(path, environment, database);
        }
        catch (LightningException e)
        {
            environment.Dispose();
            throw OpenFailure(path, (MDBResultCode)e.StatusCode, e);
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
    private static ImageStoreException OpenFailure(string path, MDBResultCode code, LightningException e)
    {
        string data = System.IO.Path.Combine(path, DataFile);
        string reason = $"LMDB cannot open the environment: {Describe(code)}: {e.Message}";
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

    /// <summary>Begins a read-only transaction (cheap: LMDB readers take no locks); dispose the scope to end it.</summary>
    public ReadScope BeginRead()
    {
        _remap.EnterReadLock();
        try
        {
            return new ReadScope(_remap, _environment.BeginTransaction(TransactionBeginFlags.ReadOnly));
        }
        catch (LightningException e) when ((MDBResultCode)e.StatusCode == MDBResultCode.MapResized)
        {
            // Another process grew the map past ours: adopt its size, then begin again.
            _remap.ExitReadLock();
            Remap(() => _environment.MapSize = 0);
            return BeginRead();
        }
        catch
        {
            _remap.ExitReadLock();
            throw;
        }
    }

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
            using (var transaction = _environment.BeginTransaction())
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
