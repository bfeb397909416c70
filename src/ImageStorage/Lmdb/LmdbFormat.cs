using ImageStorage.IO;

namespace ImageStorage.Lmdb;

/// <summary>
/// The article's second method: an LMDB environment (a directory holding <c>data.mdb</c> and <c>lock.mdb</c>) with one
/// record per image, laid out as <see cref="Records.ImageRecord"/>s, and the store's manifest under a metadata key.
/// The map grows by itself whenever LMDB reports it full, so storing more never fails for lack of map size.
/// </summary>
internal sealed class LmdbFormat : StoreFormat
{
    public const string FormatName = "imagestorage-lmdb";

    public static LmdbFormat Instance { get; } = new();

    public override StoreKind Kind => StoreKind.Lmdb;

    public override string DisplayName => "LMDB";

    public override bool IsDirectory => true;

    public override IReadOnlyList<RecordEncoding> Encodings => [RecordEncoding.Raw, RecordEncoding.Png];

    public override bool Recognizes(StoreProbe probe) => probe.Has(LmdbEnvironment.DataFile);

    public override IImageStoreWriter Create(string path, ImageShape shape, StoreOptions options)
    {
        var staging = StoreStaging.ForNew(this, path, options);
        LmdbEnvironment environment;
        try
        {
            environment = LmdbEnvironment.Acquire(staging.Location, Math.Max(options.LmdbInitialMapSize, 64 * 1024));
        }
        catch
        {
            staging.Discard();
            throw;
        }

        var manifest = StoreManifest.For(FormatName, shape, options);
        return new LmdbWriter(path, environment, manifest, options, staging, null);
    }

    public override IImageStoreWriter Append(string path, StoreOptions options)
    {
        var storeLock = StoreLock.Acquire(path);
        LmdbEnvironment? environment = null;
        try
        {
            environment = LmdbEnvironment.Acquire(path, initialMapSize: 0);
            var manifest = environment.ReadManifest();
            return new LmdbWriter(path, environment, manifest, options, null, storeLock);
        }
        catch
        {
            environment?.Dispose();
            storeLock.Dispose();
            throw;
        }
    }

    public override IImageStore Open(StoreProbe probe, StoreOptions options)
    {
        var environment = LmdbEnvironment.Acquire(probe.Path, initialMapSize: 0);
        try
        {
            return new LmdbReader(probe.Path, environment, environment.ReadManifest(), options);
        }
        catch
        {
            environment.Dispose();
            throw;
        }
    }
}
