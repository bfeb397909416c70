using ImageStorage.IO;
using PureHDF;
using PureHDF.VOL.Native;

namespace ImageStorage.Hdf5;

/// <summary>
/// An HDF5 store file opened and checked: its datasets, shape, count, encoding and format version, and where its
/// contiguous data sit in the file so that images, labels and checksums are read with plain positioned reads.
/// One file handle serves PureHDF's metadata parsing and those reads.
/// </summary>
internal sealed class Hdf5StoreFile : IDisposable
{
    private Hdf5StoreFile(string path, FileStream stream, NativeFile file)
    {
        Path = path;
        Stream = stream;
        File = file;
    }

    public string Path { get; }

    public FileStream Stream { get; }

    public NativeFile File { get; }

    public ImageShape Shape { get; private set; }

    public int Count { get; private set; }

    public RecordEncoding Encoding { get; private set; }

    /// <summary>The store format version: 1 or 2 for files this library wrote, 0 for files from elsewhere (h5py).</summary>
    public int Version { get; private set; }

    /// <summary>The <c>images</c> dataset (raw stores) or the <c>png</c> dataset (PNG-encoded stores).</summary>
    public IH5Dataset Images { get; private set; } = null!;

    /// <summary>The <c>png_offsets</c> dataset of a PNG-encoded store.</summary>
    public IH5Dataset? PngOffsets { get; private set; }

    /// <summary>The labels, decoded from whatever integer type the file holds.</summary>
    public Hdf5Labels Labels { get; private set; } = null!;

    /// <summary>The class names from the root attribute <c>classes</c>, if the file has one.</summary>
    public string[]? Classes { get; private set; }

    /// <summary>The <c>checksums</c> dataset, in version 2 stores.</summary>
    public IH5Dataset? Checksums { get; private set; }

    /// <summary>The file offset of the first byte of <see cref="Images"/>, or null where PureHDF must read it.</summary>
    public long? ImagesOffset { get; private set; }

    public static Hdf5StoreFile Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            throw new NotAStoreException(path, "is a directory, not an HDF5 file.");
        }

        if (!System.IO.File.Exists(path))
        {
            throw new NotAStoreException(path, "no such HDF5 file.");
        }

        // No FileOptions.RandomAccess: on Linux it sets POSIX_FADV_RANDOM, which turns readahead off and halved cold sequential epochs.
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 4096, FileOptions.None);
        NativeFile file;
        try
        {
            file = H5File.Open(stream, leaveOpen: true);
        }
        catch (Exception e)
        {
            stream.Dispose();
            throw new CorruptStoreException(path, $"not a readable HDF5 file (truncated or corrupt): {e.Message}", e);
        }

        var opened = new Hdf5StoreFile(path, stream, file);
        try
        {
            opened.Load();
            return opened;
        }
        catch (Exception e)
        {
            opened.Dispose();
            if (e is ImageStoreException)
            {
                throw;
            }

            throw new CorruptStoreException(path, $"not a readable image store (truncated or corrupt HDF5): {e.Message}", e);
        }
    }

    /// <summary>Fills <paramref name="destination"/> from file offset <paramref name="offset"/>, or throws naming <paramref name="id"/> if the file ends first.</summary>
    public void ReadExactly(Span<byte> destination, long offset, int id)
    {
        int read = PositionedRead.Fill(Stream.SafeFileHandle, destination, offset);
        if (read < destination.Length)
        {
            throw new CorruptStoreException(Path, id, $"truncated: the file ends at byte {offset + read}.");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        File.Dispose();
        Stream.Dispose();
    }

    private void Load()
    {
        Version = ReadVersion();
        var images = Dataset(Hdf5Format.ImagesDataset);
        if (images is null && !File.LinkExists(Hdf5Format.PngDataset))
        {
            throw new NotAStoreException(Path, $"an HDF5 file without the '{Hdf5Format.ImagesDataset}' dataset (nor PNG-encoded '{Hdf5Format.PngDataset}').");
        }

        var labels = Dataset(Hdf5Format.LabelsDataset) ?? Dataset(Hdf5Format.ArticleLabelsDataset)
            ?? throw new NotAStoreException(Path, $"an HDF5 file without a '{Hdf5Format.LabelsDataset}' (or '{Hdf5Format.ArticleLabelsDataset}') dataset.");
        if (images is null)
        {
            LoadEncoded();
        }
        else
        {
            ulong[] dims = images.Space.Dimensions;
            if (dims.Length != 4 || images.Type.Class != H5DataTypeClass.FixedPoint || images.Type.Size != 1)
            {
                throw new CorruptStoreException(Path, $"the '{Hdf5Format.ImagesDataset}' dataset must be 4-D uint8 (N, H, W, C); it is {dims.Length}-D, {images.Type.Class} of {images.Type.Size} bytes.");
            }

            Shape = new ImageShape(checked((int)dims[1]), checked((int)dims[2]), checked((int)dims[3])).ValidateStored(Path);
            Count = checked((int)dims[0]);
            Images = images;
            Encoding = RecordEncoding.Raw;
        }

        ulong[] labelDims = labels.Space.Dimensions;
        if (labelDims.Length != 1 || labelDims[0] != (ulong)Count || labels.Type.Class != H5DataTypeClass.FixedPoint)
        {
            throw new CorruptStoreException(Path, $"the labels dataset must be 1-D integers, one per image ({Count}); it has dims ({string.Join(", ", labelDims)}).");
        }

        Labels = new Hdf5Labels(this, labels);
        Classes = File.AttributeExists("classes") ? File.Attribute("classes").Read<string[]>() : null;
        if (Version >= 2)
        {
            Checksums = Dataset(Hdf5Format.ChecksumsDataset) ?? throw new CorruptStoreException(Path, $"a version {Version} store without its '{Hdf5Format.ChecksumsDataset}' dataset.");
            if (Checksums.Space.Dimensions is not [ulong n] || n != (ulong)Count || Checksums.Type.Class != H5DataTypeClass.FixedPoint || Checksums.Type.Size != 4)
            {
                throw new CorruptStoreException(Path, $"the '{Hdf5Format.ChecksumsDataset}' dataset must hold {Count} uint32 values.");
            }
        }

        ImagesOffset = Count == 0 ? null : ContiguousData.VerifiedOffset(this, Images);
        long imageBytes = Encoding == RecordEncoding.Raw ? (long)Count * Shape.ByteCount : (long)Images.Space.Dimensions[0];
        if (ImagesOffset + imageBytes > Stream.Length)
        {
            throw new CorruptStoreException(Path, $"truncated: the '{Images.Name}' dataset ends at byte {ImagesOffset + imageBytes}, the file has {Stream.Length}.");
        }
    }

    private void LoadEncoded()
    {
        var png = Dataset(Hdf5Format.PngDataset);
        var offsets = Dataset(Hdf5Format.PngOffsetsDataset);
        if (png is null || offsets is null || StringAttribute("encoding") != "png")
        {
            throw new NotAStoreException(Path, $"an HDF5 file without the '{Hdf5Format.ImagesDataset}' dataset (nor PNG-encoded '{Hdf5Format.PngDataset}' and '{Hdf5Format.PngOffsetsDataset}').");
        }

        Shape = new ImageShape(IntAttribute("height"), IntAttribute("width"), IntAttribute("channels")).ValidateStored(Path);
        if (offsets.Space.Dimensions is not [ulong bounds] || bounds == 0 || offsets.Type.Size != 8 || png.Space.Dimensions.Length != 1 || png.Type.Size != 1)
        {
            throw new CorruptStoreException(Path, $"'{Hdf5Format.PngOffsetsDataset}' must hold N + 1 int64 offsets into a 1-D uint8 '{Hdf5Format.PngDataset}' dataset.");
        }

        Count = checked((int)(bounds - 1));
        Images = png;
        PngOffsets = offsets;
        Encoding = RecordEncoding.Png;
    }

    private int ReadVersion()
    {
        if (StringAttribute("format") != Hdf5Format.FormatName)
        {
            return 0;
        }

        int version = IntAttribute("version");
        return version is >= 1 and <= Hdf5Format.CurrentVersion
            ? version
            : throw new UnsupportedFormatException(Path, $"format version {version} is not supported (this library reads versions 1 to {Hdf5Format.CurrentVersion}).");
    }

    private string? StringAttribute(string name) => File.AttributeExists(name) ? File.Attribute(name).Read<string>() : null;

    private int IntAttribute(string name) => File.AttributeExists(name)
        ? File.Attribute(name).Read<int>()
        : throw new CorruptStoreException(Path, $"the root attribute '{name}' is missing.");

    // PureHDF reports a missing link with a plain Exception; asking LinkExists first would cost a second lookup on every open.
    private IH5Dataset? Dataset(string name)
    {
        try
        {
            return File.Dataset(name);
        }
        catch (Exception) when (!File.LinkExists(name))
        {
            return null;
        }
    }
}
