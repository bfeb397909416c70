namespace ImageStorage;

/// <summary>Choices made when creating, appending to or opening a store; each says which kinds it applies to.</summary>
public sealed record StoreOptions
{
    /// <summary>The default options.</summary>
    public static StoreOptions Default { get; } = new();

    /// <summary>Create: replace an existing store of the same kind at the path on commit (never anything that is not such a store).</summary>
    public bool Overwrite { get; init; }

    /// <summary>Create, kinds whose <see cref="ImageStores.Encodings"/> list it: store each image as raw pixels (default) or PNG bytes; recorded in the store, so readers need no flag.</summary>
    public RecordEncoding Encoding { get; init; } = RecordEncoding.Raw;

    /// <summary>
    /// Create: the names of the classes the labels stand for (label i is ClassNames[i]), recorded in the store's
    /// metadata (an image folder's sub-folders, CIFAR-10's classes); appends keep them.
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>
    /// Create, append and open; PNG stores and PNG-encoded records: the library that encodes (when storing) and decodes
    /// (when reading) the PNG files. Not recorded in the store: either codec reads any store, whichever wrote it.
    /// </summary>
    public PngCodec PngCodec
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(PngCodec), value, $"not a PNG codec; the codecs are {string.Join(", ", Enum.GetNames<PngCodec>())}.");
    } = PngCodec.SkiaSharp;

    /// <summary>
    /// Open: check every image read against the checksum stored with it. Off by default because it costs more than
    /// 15% of a raw read-many (measured; see the README); <see cref="IImageStore.Verify"/> always checks.
    /// </summary>
    public bool VerifyChecksums { get; init; }

    /// <summary>Open, PNG stores and PNG-encoded records: decode a batch on at most this many threads (-1: every core) — for callers that parallelise themselves.</summary>
    public int DecodeParallelism { get; init; } = -1;

    /// <summary>Create, LMDB only: the map size to start with, in bytes; the store grows it whenever LMDB reports the map full.</summary>
    public long LmdbInitialMapSize { get; init; } = 1L << 20;

    /// <summary>
    /// Create and append, LMDB only: commit a write transaction every this many records during an add-many (0: one
    /// transaction per call). Smaller transactions bound the dirty pages held in memory; each commit costs an fsync.
    /// Readers still see nothing until the writer's Commit.
    /// </summary>
    public int LmdbRecordsPerTransaction { get; init; }

    /// <summary>Create and append, tar shards only: a shard is closed once it holds this many images and the next one starts.</summary>
    public int TarShardMaxImages { get; init; } = 10_000;

    /// <summary>Create and append, tar shards only: a shard is closed before it would grow past this many bytes (an image larger than that gets a shard of its own).</summary>
    public long TarShardMaxBytes { get; init; } = 1L << 30;

    /// <summary>S3 kinds: at most this many requests to the service in flight at once, per read or write call (GETs of a read-many, PUTs of an add-many).</summary>
    public int S3Concurrency { get; init; } = 32;

    /// <summary>Create and append, S3 shards only: a shard object is uploaded once it holds this many bytes of images (an image larger than that gets a shard of its own).</summary>
    public long S3ShardBytes { get; init; } = 32L << 20;

    /// <summary>
    /// Open, S3 kinds: a local folder where the reader keeps copies of the objects it reads (whole shards, or each
    /// image's object), so later reads of them are served from disk; null (default): no cache, every read is a GET.
    /// Every image read from a copy is checked against its checksum, whatever <see cref="VerifyChecksums"/> says.
    /// Readers in one process that name the same folder share its cache.
    /// </summary>
    public string? S3CacheFolder { get; init; }

    /// <summary>
    /// Open, S3 kinds with <see cref="S3CacheFolder"/>: the cache's files take at most this many bytes (default 8 GiB);
    /// the least recently used are deleted to make room, and an object larger than this is read without caching.
    /// </summary>
    public long S3CacheBytes { get; init; } = 8L << 30;
}
