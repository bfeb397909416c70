namespace ImageStorage.S3;

/// <summary>
/// Stores in S3-compatible object storage (AWS S3, Ceph RGW, MinIO, R2) at <c>s3://bucket/prefix</c>, in one of two
/// layouts (<see cref="S3Layout"/>); the objects are named in <see cref="S3Keys"/>. Nothing is renamed into place, as
/// object storage cannot: every writer writes a part of its own, and its commit is one conditional PUT of the
/// manifest that lists the committed parts.
/// </summary>
internal sealed class S3Format : StoreFormat
{
    private S3Format(S3Layout layout, StoreKind kind, string formatName, string displayName)
    {
        Layout = layout;
        Kind = kind;
        FormatName = formatName;
        DisplayName = displayName;
    }

    /// <summary>One object per image.</summary>
    public static S3Format Objects { get; } = new(S3Layout.Objects, StoreKind.S3Objects, "imagestorage-s3-objects", "S3 objects");

    /// <summary>Shards read by range GETs.</summary>
    public static S3Format Shards { get; } = new(S3Layout.Shards, StoreKind.S3Shards, "imagestorage-s3-shards", "S3 shards");

    /// <summary>The layout of this kind's stores.</summary>
    public S3Layout Layout { get; }

    /// <summary>The format name the manifest records.</summary>
    public string FormatName { get; }

    public override StoreKind Kind { get; }

    public override string DisplayName { get; }

    // A prefix behaves as a directory does: a store is many objects under one name.
    public override bool IsDirectory => true;

    public override bool IsObjectStorage => true;

    public override bool Recognizes(StoreProbe probe) => probe.IsS3 && probe.S3?.Manifest.Format == FormatName;

    public override IImageStoreWriter Create(string path, ImageShape shape, StoreOptions options)
    {
        CheckOptions(options);
        var bucket = new S3Bucket(S3Location.Parse(path));
        try
        {
            var existing = S3Snapshot.TryRead(bucket);
            if (existing is not null && !options.Overwrite)
            {
                throw new ImageStoreException(bucket.Location.Uri, "already exists; pass Overwrite = true to replace the store there.");
            }

            if (existing is not null && existing.Manifest.Format != FormatName)
            {
                throw new NotAStoreException(bucket.Location.Uri, $"exists and is not a readable {DisplayName} store; refusing to replace it.");
            }

            S3Leftovers.Remove(bucket, existing?.Manifest);
            var manifest = IO.StoreManifest.For(FormatName, shape, options) with { Parts = [] };
            return new S3Writer(Layout, bucket, manifest, existing?.ETag, existing?.Manifest.Parts ?? [], options);
        }
        catch
        {
            bucket.Dispose();
            throw;
        }
    }

    public override IImageStoreWriter Append(string path, StoreOptions options)
    {
        CheckOptions(options);
        var bucket = new S3Bucket(S3Location.Parse(path));
        try
        {
            var existing = S3Snapshot.TryRead(bucket)
                ?? throw new NotAStoreException(bucket.Location.Uri, $"no store is committed here (no {S3Keys.Manifest} object).");
            if (existing.Manifest.Format != FormatName)
            {
                throw new NotAStoreException(bucket.Location.Uri, $"not a {DisplayName} store: the manifest says format '{existing.Manifest.Format}'.");
            }

            S3Leftovers.Remove(bucket, existing.Manifest);
            return new S3Writer(Layout, bucket, existing.Manifest, existing.ETag, [], options);
        }
        catch
        {
            bucket.Dispose();
            throw;
        }
    }

    public override IImageStore Open(StoreProbe probe, StoreOptions options)
    {
        CheckOptions(options);
        var snapshot = probe.S3 ?? throw new NotAStoreException(probe.Path, $"no store is committed here (no {S3Keys.Manifest} object).");
        return S3Reader.Open(probe.TakeBucket(), snapshot, Kind, Layout, options);
    }

    private static void CheckOptions(StoreOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.S3Concurrency, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.S3ShardBytes, nameof(options));
        if (options.S3CacheFolder is { } folder && string.IsNullOrWhiteSpace(folder))
        {
            throw new ArgumentException($"S3CacheFolder is '{folder}': name a folder, or leave it null for no cache.", nameof(options));
        }

        if (options.S3CacheBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"S3CacheBytes is {options.S3CacheBytes}: the cache's files take at most this many bytes, so it must be positive.");
        }
    }
}
