using ImageStorage.IO;

namespace ImageStorage.Hdf5;

/// <summary>
/// The article's third method: one HDF5 file with dataset <c>images</c> (N × H × W × C, uint8, contiguous), dataset
/// <c>labels</c> (N, int32) and, from version 2, dataset <c>checksums</c> (N, uint32), written by PureHDF and readable
/// by h5py and h5dump. Files written elsewhere are read too: labels may be any integer type in either byte order, and
/// the article's dataset name <c>meta</c> is accepted for them. PNG-encoded stores hold dataset <c>png</c> (every
/// image's PNG file, one after another) and <c>png_offsets</c> (N + 1 int64) instead of <c>images</c>, with the shape
/// and <c>encoding = "png"</c> in root attributes, so readers need no flag.
/// </summary>
internal sealed class Hdf5Format : StoreFormat
{
    public const string FormatName = "imagestorage-hdf5";
    public const int CurrentVersion = 2;
    public const string ImagesDataset = "images";
    public const string LabelsDataset = "labels";
    public const string ArticleLabelsDataset = "meta";
    public const string ChecksumsDataset = "checksums";
    public const string PngDataset = "png";
    public const string PngOffsetsDataset = "png_offsets";

    public static Hdf5Format Instance { get; } = new();

    public override StoreKind Kind => StoreKind.Hdf5;

    public override string DisplayName => "HDF5";

    public override bool IsDirectory => false;

    public override IReadOnlyList<RecordEncoding> Encodings => [RecordEncoding.Raw, RecordEncoding.Png];

    /// <summary>The eight bytes every HDF5 file starts with (when its superblock is at offset 0, as PureHDF and h5py write it).</summary>
    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];

    public override string DefaultName(string stem) => stem + ".h5";

    public override bool Recognizes(StoreProbe probe) => probe.IsFile && probe.Head.AsSpan().StartsWith(Signature);

    public override IImageStoreWriter Create(string path, ImageShape shape, StoreOptions options) =>
        Hdf5Writer.ForNew(path, shape, options, StoreStaging.ForNew(this, path, options));

    public override IImageStoreWriter Append(string path, StoreOptions options)
    {
        var storeLock = StoreLock.Acquire(path);
        try
        {
            // PureHDF cannot extend a file: an append builds a new one beside it and swaps it in at commit.
            return Hdf5Writer.ForAppend(path, options.PngCodec, StoreStaging.ForRewrite(this, path), storeLock);
        }
        catch
        {
            storeLock.Dispose();
            throw;
        }
    }

    public override IImageStore Open(StoreProbe probe, StoreOptions options)
    {
        var file = Hdf5StoreFile.Open(probe.Path);
        try
        {
            return file.Encoding == RecordEncoding.Png ? new Hdf5PngReader(file, options) : new Hdf5PixelReader(file, options);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}
