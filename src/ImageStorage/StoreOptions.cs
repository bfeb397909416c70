namespace ImageStorage;

/// <summary>Choices made when creating, appending to or opening a store; each says which kinds it applies to.</summary>
public sealed record StoreOptions
{
    /// <summary>The default options.</summary>
    public static StoreOptions Default { get; } = new();

    /// <summary>Create: replace an existing store of the same kind at the path on commit (never anything that is not such a store).</summary>
    public bool Overwrite { get; init; }

    /// <summary>Create, kinds whose <see cref="ImageStores.Encodings"/> include PNG only: store each image as raw pixels (default) or PNG bytes; recorded in the store, so readers need no flag.</summary>
    public RecordEncoding Encoding { get; init; } = RecordEncoding.Raw;

    /// <summary>Open: check every image read against the checksum stored with it (see the README for the measured cost).</summary>
    public bool VerifyChecksums { get; init; } = true;

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
}
