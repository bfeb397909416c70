using System.Globalization;
using ImageStorage.IO;

namespace ImageStorage.Png;

/// <summary>
/// The article's first method: a directory with one <c>{id}.png</c> per image, the labels in <c>labels.csv</c>, a
/// checksum per image in <c>checksums.crc32</c>, and <c>imagestore.json</c> holding the shape and the committed
/// count. PNG files are independent, so adding and reading many encode and decode on every core.
/// </summary>
internal sealed class PngFormat : StoreFormat
{
    public const string FormatName = "imagestorage-png";

    public static PngFormat Instance { get; } = new();

    public override StoreKind Kind => StoreKind.Png;

    public override string DisplayName => "PNG";

    public override bool IsDirectory => true;

    /// <summary>The file name of image <paramref name="id"/> inside a store directory.</summary>
    public static string ImageFileName(int id) => id.ToString(CultureInfo.InvariantCulture) + ".png";

    public override bool Recognizes(StoreProbe probe) => probe.Manifest?.Format == FormatName;

    public override IImageStoreWriter Create(string path, ImageShape shape, StoreOptions options) =>
        new PngWriter(path, shape, StoreManifest.For(FormatName, shape, options), [], [], options.PngCodec, StoreStaging.ForNew(this, path, options), null);

    public override IImageStoreWriter Append(string path, StoreOptions options)
    {
        var storeLock = StoreLock.Acquire(path);
        try
        {
            using var directory = DirectoryHandle.Open(path);
            var manifest = StoreManifest.Read(directory, FormatName, DisplayName);
            int count = manifest.Count ?? 0;
            int[] labels = LabelsCsv.Read(directory, count);
            uint[] checksums = manifest.HasChecksums ? ChecksumsFile.Read(directory, count) : [];
            RemoveLeftovers(path, count);
            return new PngWriter(path, manifest.Shape, manifest, labels, checksums, options.PngCodec, null, storeLock);
        }
        catch
        {
            storeLock.Dispose();
            throw;
        }
    }

    public override IImageStore Open(StoreProbe probe, StoreOptions options) => PngReader.Open(probe, options);

    // What a killed writer left: temporary files, and images at or past the committed count (never visible to readers).
    private static void RemoveLeftovers(string path, int count)
    {
        AtomicPublish.RemoveTempFiles(path);
        foreach (string file in Directory.EnumerateFiles(path, "*.png"))
        {
            if (int.TryParse(System.IO.Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out int id) && id >= count)
            {
                File.Delete(file);
            }
        }
    }
}
