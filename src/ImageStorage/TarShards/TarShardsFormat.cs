using ImageStorage.IO;

namespace ImageStorage.TarShards;

/// <summary>
/// WebDataset-style tar shards: a directory of <c>shard-000000.tar</c>, … (plain ustar archives any tar lists and
/// extracts) holding per image <c>{key}.u8</c> or <c>{key}.png</c> and <c>{key}.cls</c>, with <see cref="ShardIndex"/>
/// for random access, <c>checksums.crc32</c> and <c>imagestore.json</c> (shape, count, encoding) beside them.
/// </summary>
internal sealed class TarShardsFormat : StoreFormat
{
    public const string FormatName = "imagestorage-tar";

    public static TarShardsFormat Instance { get; } = new();

    public override StoreKind Kind => StoreKind.TarShards;

    public override string DisplayName => "tar shards";

    public override bool IsDirectory => true;

    public override IReadOnlyList<RecordEncoding> Encodings => [RecordEncoding.Raw, RecordEncoding.Png];

    public override bool Recognizes(StoreProbe probe) => probe.Manifest?.Format == FormatName;

    public override IImageStoreWriter Create(string path, ImageShape shape, StoreOptions options)
    {
        CheckLimits(options);
        return new TarShardsWriter(path, StoreManifest.For(FormatName, shape, options), 0, options, StoreStaging.ForNew(this, path, options), null);
    }

    public override IImageStoreWriter Append(string path, StoreOptions options)
    {
        CheckLimits(options);
        var storeLock = StoreLock.Acquire(path);
        try
        {
            // The store as a reader sees it: its manifest and how many shards its committed images fill.
            using var probe = StoreProbe.Of(path);
            int shards;
            StoreManifest manifest;
            using (var store = TarShardsReader.Open(probe, options with { VerifyChecksums = false }))
            {
                manifest = probe.Manifest!;
                shards = store.ShardCount;
            }

            AtomicPublish.RemoveTempFiles(path);
            return new TarShardsWriter(path, manifest, shards, options, null, storeLock);
        }
        catch
        {
            storeLock.Dispose();
            throw;
        }
    }

    public override IImageStore Open(StoreProbe probe, StoreOptions options) => TarShardsReader.Open(probe, options);

    private static void CheckLimits(StoreOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.TarShardMaxImages, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.TarShardMaxBytes, nameof(options));
    }
}
