using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using ImageStorage.IO;
using Microsoft.Win32.SafeHandles;

namespace ImageStorage.S3;

/// <summary>
/// A local folder of copies of whole S3 objects (<see cref="StoreOptions.S3CacheFolder"/>). The first read of an object
/// downloads it once — concurrent reads of it share that download — into a temp file renamed into place; later reads
/// use the file through a handle kept open. The files take at most <see cref="StoreOptions.S3CacheBytes"/>: the least
/// recently used are deleted to make room. Readers in one process that name the same folder share one cache.
/// </summary>
internal sealed class S3Cache
{
    // Idle handles beyond this many are closed (their files stay cached): an S3Objects cache can hold millions of files.
    private const int MaxIdleHandles = 256;

    private const string TempMarker = ".tmp-";

    // The part of a cached file's name before the object's own name: a hash of the bucket and key, in hex.
    private const int HashChars = 32;

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdef");

    private static readonly Dictionary<string, S3Cache> OpenCaches = new(StringComparer.Ordinal);

    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<Entry?>> _downloads = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recent = new();
    private readonly LinkedList<Entry> _idle = new();
    private long _bytes;
    private int _readers;
    private int _started;

    private S3Cache(string folder, long limit)
    {
        Folder = folder;
        Limit = limit;
        Prepare();
        AdoptExisting();
    }

    /// <summary>The cache folder's full path.</summary>
    public string Folder { get; }

    /// <summary>The most bytes the cache's files take: the smallest limit any reader sharing the folder asked for.</summary>
    public long Limit { get; private set; }

    /// <summary>How many downloads this cache has started: one per object, however many reads of it were waiting.</summary>
    public int Downloads
    {
        get
        {
            lock (_gate)
            {
                return _started;
            }
        }
    }

    /// <summary>
    /// The cache of <paramref name="folder"/> for one more reader, opened if no reader of this process has it open;
    /// throws <see cref="ImageStoreException"/> naming the folder if it cannot be created or written.
    /// </summary>
    public static S3Cache Acquire(string folder, long limit)
    {
        string full = Path.GetFullPath(folder);
        lock (OpenCaches)
        {
            if (!OpenCaches.TryGetValue(full, out var cache))
            {
                cache = new S3Cache(full, limit);
                OpenCaches[full] = cache;
            }

            cache.Shrink(limit);
            cache._readers++;
            return cache;
        }
    }

    /// <summary>The name of the cached copy of <paramref name="key"/> in <paramref name="bucket"/>: a hash of both, then the key's last segment for people.</summary>
    public static string FileName(string bucket, string key)
    {
        // Keys hold the part's name, unique to the writer that committed it, so an object never changes: no invalidation.
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{bucket}/{key}")))[..HashChars];
        return $"{hash}-{key[(key.LastIndexOf('/') + 1)..]}";
    }

    /// <summary>Gives back a reader's hold on the cache; the last one closes its handles.</summary>
    public void Release()
    {
        lock (OpenCaches)
        {
            if (--_readers > 0)
            {
                return;
            }

            OpenCaches.Remove(Folder);
            lock (_gate)
            {
                foreach (var entry in _entries.Values)
                {
                    entry.Handle?.Dispose();
                    entry.Handle = null;
                }

                _idle.Clear();
            }
        }
    }

    /// <summary>
    /// A lease on the cached copy of object <paramref name="key"/>, which the index says holds <paramref name="length"/>
    /// bytes, downloaded first if it is not cached. Null if it is not to be cached: larger than the cache, no room beside
    /// downloads in flight, the service's object not that long or gone (the uncached read reports those), or the folder failing.
    /// </summary>
    public async Task<S3CachedFile?> OpenAsync(S3Bucket bucket, string key, long length)
    {
        string name = FileName(bucket.Location.Bucket, key);
        Task<Entry?>? download;
        lock (_gate)
        {
            if (TryLease(name, length) is { } cached)
            {
                return cached;
            }

            if (!_downloads.TryGetValue(name, out download))
            {
                if (!Reserve(length))
                {
                    return null;
                }

                // On the thread pool, so the download's own bookkeeping never runs inside this lock.
                download = Task.Run(() => DownloadAsync(bucket, key, name, length));
                _downloads[name] = download;
                _started++;
            }
        }

        var entry = await download.ConfigureAwait(false);
        lock (_gate)
        {
            return entry is { Gone: false } ? Lease(entry, fresh: true) : null;
        }
    }

    /// <summary>Ends a lease: the handle is closed if its file was evicted or discarded meanwhile, else kept among the idle ones.</summary>
    internal void Return(Entry entry)
    {
        lock (_gate)
        {
            if (--entry.Users > 0)
            {
                return;
            }

            if (entry.Gone)
            {
                entry.Handle?.Dispose();
                entry.Handle = null;
                return;
            }

            entry.IdleNode = _idle.AddFirst(entry);
            while (_idle.Count > MaxIdleHandles && _idle.Last is { } oldest)
            {
                _idle.RemoveLast();
                oldest.Value.IdleNode = null;
                oldest.Value.Handle?.Dispose();
                oldest.Value.Handle = null;
            }
        }
    }

    /// <summary>Deletes a cached copy that failed its check, so the next lease downloads the object again.</summary>
    internal void Discard(Entry entry)
    {
        lock (_gate)
        {
            if (!entry.Gone)
            {
                Remove(entry);
            }
        }
    }

    // Under the gate: a lease on the cached file if there is one of the right length (a wrong one is deleted).
    private S3CachedFile? TryLease(string name, long length)
    {
        if (!_entries.TryGetValue(name, out var entry))
        {
            return null;
        }

        if (entry.Length != length)
        {
            Remove(entry);
            return null;
        }

        if (entry.Handle is null)
        {
            try
            {
                entry.Handle = File.OpenHandle(entry.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Deleted by another process sharing the folder, or made unreadable: download it again.
                Remove(entry);
                return null;
            }

            if (!entry.Touched)
            {
                // Once per process: the next process to open the folder orders its files by this time.
                TryTouch(entry.Path);
                entry.Touched = true;
            }
        }

        return Lease(entry, fresh: false);
    }

    // Under the gate.
    private S3CachedFile Lease(Entry entry, bool fresh)
    {
        entry.Users++;
        if (entry.IdleNode is { } idle)
        {
            _idle.Remove(idle);
            entry.IdleNode = null;
        }

        _recent.Remove(entry.RecentNode);
        _recent.AddFirst(entry.RecentNode);
        return new S3CachedFile(this, entry, fresh);
    }

    // Under the gate: holds room for an object of length bytes, evicting the least recently used files; false if there is none.
    private bool Reserve(long length)
    {
        if (length > Limit)
        {
            return false;
        }

        while (_bytes + length > Limit && _recent.Last is { } oldest)
        {
            Remove(oldest.Value);
        }

        if (_bytes + length > Limit)
        {
            return false;
        }

        _bytes += length;
        return true;
    }

    // Under the gate: forgets and deletes a cached file; a reader holding its handle keeps reading it until its lease ends.
    private void Remove(Entry entry)
    {
        _entries.Remove(entry.Name);
        _recent.Remove(entry.RecentNode);
        if (entry.IdleNode is { } idle)
        {
            _idle.Remove(idle);
            entry.IdleNode = null;
        }

        _bytes -= entry.Length;
        entry.Gone = true;
        TryDelete(entry.Path);
        if (entry.Users == 0)
        {
            entry.Handle?.Dispose();
            entry.Handle = null;
        }
    }

    // Under the gate: adds a file now in the folder, most recently used.
    private void Add(Entry entry)
    {
        _entries[entry.Name] = entry;
        _recent.AddFirst(entry.RecentNode);
        _bytes += entry.Length;
        if (entry.Handle is not null)
        {
            entry.IdleNode = _idle.AddFirst(entry);
        }
    }

    // Lowers the limit to a new reader's, evicting down to it.
    private void Shrink(long limit)
    {
        lock (_gate)
        {
            Limit = Math.Min(Limit, limit);
            while (_bytes > Limit && _recent.Last is { } oldest)
            {
                Remove(oldest.Value);
            }
        }
    }

    private async Task<Entry?> DownloadAsync(S3Bucket bucket, string key, string name, long length)
    {
        string path = Path.Combine(Folder, name);
        string temp = Path.Combine(Folder, "." + name + TempMarker + WriterTag.New());
        Entry? entry = null;
        SafeFileHandle? handle = null;
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, 1 << 16, useAsync: true))
            {
                if (await bucket.DownloadAsync(key, length, file).ConfigureAwait(false) != length)
                {
                    return null;
                }
            }

            // Opened before the rename, so another process evicting the new name cannot take the file from under this lease.
            handle = File.OpenHandle(temp, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            // No fsync: a copy torn by a power cut fails its checksums when read and is fetched again.
            File.Move(temp, path, overwrite: true);
            entry = new Entry(name, path, length) { Handle = handle, Touched = true };
            return entry;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The folder failed (full, say): this read goes to the service instead.
            return null;
        }
        finally
        {
            lock (_gate)
            {
                _downloads.Remove(name);
                _bytes -= length;
                if (entry is not null)
                {
                    Add(entry);
                }
                else
                {
                    handle?.Dispose();
                    TryDelete(temp);
                }
            }
        }
    }

    // Creates the folder and writes a file in it, so an unusable folder is reported when the store opens.
    private void Prepare()
    {
        try
        {
            Directory.CreateDirectory(Folder);
            string probe = Path.Combine(Folder, "." + "probe" + TempMarker + WriterTag.New());
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageStoreException(Folder, $"cannot be the S3 cache folder: {e.Message}", e);
        }
    }

    // Counts the files earlier processes left, most recently used first; removes the temp files of this host's dead processes.
    private void AdoptExisting()
    {
        var found = new List<(FileInfo File, DateTime Used)>();
        foreach (var file in new DirectoryInfo(Folder).EnumerateFiles())
        {
            int marker = file.Name.LastIndexOf(TempMarker, StringComparison.Ordinal);
            if (file.Name.StartsWith('.') && marker > 0)
            {
                if (WriterTag.IsDeadWriterOfThisHost(file.Name[(marker + TempMarker.Length)..]))
                {
                    TryDelete(file.FullName);
                }
            }
            else if (IsCachedFileName(file.Name))
            {
                found.Add((file, file.LastAccessTimeUtc > file.LastWriteTimeUtc ? file.LastAccessTimeUtc : file.LastWriteTimeUtc));
            }
        }

        lock (_gate)
        {
            foreach (var (file, _) in found.OrderByDescending(f => f.Used))
            {
                var entry = new Entry(file.Name, file.FullName, file.Length);
                _entries[entry.Name] = entry;
                _recent.AddLast(entry.RecentNode);
                _bytes += entry.Length;
            }
        }
    }

    // Only files named as this cache names them are counted and evicted: anything else in the folder is left alone.
    private static bool IsCachedFileName(string name) =>
        name.Length > HashChars + 1 && name[HashChars] == '-' && !name.AsSpan(0, HashChars).ContainsAnyExcept(HexDigits);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next eviction or process to delete; the bytes are no longer counted.
        }
    }

    private static void TryTouch(string path)
    {
        try
        {
            File.SetLastAccessTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only the order the next process evicts in depends on it.
        }
    }

    /// <summary>One cached file: its name and path, length, handle when open, and its place in the recency and idle-handle lists.</summary>
    internal sealed class Entry
    {
        /// <summary>Creates the entry of a file in the folder.</summary>
        public Entry(string name, string path, long length)
        {
            Name = name;
            Path = path;
            Length = length;
            RecentNode = new LinkedListNode<Entry>(this);
        }

        /// <summary>The file's name in the folder.</summary>
        public string Name { get; }

        /// <summary>The file's full path.</summary>
        public string Path { get; }

        /// <summary>Its length in bytes.</summary>
        public long Length { get; }

        /// <summary>Its node in the recency list.</summary>
        public LinkedListNode<Entry> RecentNode { get; }

        /// <summary>Its node in the idle-handle list while its handle is open and no lease holds it.</summary>
        public LinkedListNode<Entry>? IdleNode { get; set; }

        /// <summary>The open handle, or null.</summary>
        public SafeFileHandle? Handle { get; set; }

        /// <summary>How many leases hold the handle.</summary>
        public int Users { get; set; }

        /// <summary>True once the file was evicted or discarded: the handle closes with the last lease.</summary>
        public bool Gone { get; set; }

        /// <summary>True once this process set its last-access time.</summary>
        public bool Touched { get; set; }
    }
}

/// <summary>A reader's hold on one cached file, ended by <see cref="Dispose"/>: while it lasts, the handle stays open even if the file is evicted.</summary>
internal sealed class S3CachedFile : IDisposable
{
    private readonly S3Cache _cache;
    private readonly S3Cache.Entry _entry;
    private int _returned;

    /// <summary>Creates the lease on <paramref name="entry"/>.</summary>
    public S3CachedFile(S3Cache cache, S3Cache.Entry entry, bool fresh)
    {
        _cache = cache;
        _entry = entry;
        Fresh = fresh;
    }

    /// <summary>The file's open handle, for positioned reads.</summary>
    public SafeFileHandle Handle => _entry.Handle!;

    /// <summary>True if the file was downloaded for this lease (or a download it shared), not found in the cache.</summary>
    public bool Fresh { get; }

    /// <summary>Deletes the file from the cache: its bytes failed their check.</summary>
    public void Discard() => _cache.Discard(_entry);

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _returned, 1) == 0)
        {
            _cache.Return(_entry);
        }
    }
}
