using ImageStorage.IO;

namespace ImageStorage.Raw;

/// <summary>
/// The speed-of-light baseline: a directory with <c>images.u8</c> (N × H × W × C bytes, nothing else), <c>labels.i32</c>
/// (N little-endian int32), <c>checksums.crc32</c> (N little-endian uint32, see <see cref="ImageChecksum"/>) and
/// <c>imagestore.json</c>.
/// </summary>
internal sealed class RawFormat : StoreFormat
{
    public const string FormatName = "imagestorage-raw";
    public const string ImagesFile = "images.u8";
    public const string LabelsFile = "labels.i32";

    public static RawFormat Instance { get; } = new();

    public override StoreKind Kind => StoreKind.Raw;

    public override string DisplayName => "Raw";

    public override bool IsDirectory => true;

    public override bool Recognizes(StoreProbe probe) => probe.Manifest?.Format == FormatName;

    public override IImageStoreWriter Create(string path, ImageShape shape, StoreOptions options) =>
        new RawWriter(path, shape, StoreManifest.For(FormatName, shape, options), StoreStaging.ForNew(this, path, options), null);

    public override IImageStoreWriter Append(string path, StoreOptions options)
    {
        var storeLock = StoreLock.Acquire(path);
        try
        {
            using var directory = DirectoryHandle.Open(path);
            var manifest = StoreManifest.Read(directory, FormatName, DisplayName);
            AtomicPublish.RemoveTempFiles(path);
            return new RawWriter(path, manifest.Shape, manifest, null, storeLock);
        }
        catch
        {
            storeLock.Dispose();
            throw;
        }
    }

    public override IImageStore Open(StoreProbe probe, StoreOptions options) => RawReader.Open(probe, options);
}
