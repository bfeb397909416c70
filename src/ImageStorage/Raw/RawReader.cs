using System.Buffers.Binary;
using ImageStorage.IO;
using Microsoft.Win32.SafeHandles;

namespace ImageStorage.Raw;

/// <summary>
/// Reads a raw store from the directory it was opened in (never one exchanged into its path later). Large ranges
/// are positioned reads straight into the caller's memory (the kernel copies from the page cache, no page faults);
/// single images and id lists copy from a memory map of the same file, with no system call per image.
/// </summary>
internal sealed class RawReader : StoreReader
{
    // Below this many images a range is copied from the map; from here on one positioned read is cheaper than faulting the map in.
    private const int PositionedReadThreshold = 64;

    // From this many images a range is read on every core (as LMDB's is): below it a second thread costs more than it saves.
    private const int ParallelThreshold = 2048;

    private readonly SafeFileHandle _images;
    private readonly MappedFile _imageMap;
    private readonly MappedFile _labels;
    private readonly MappedFile? _checksums;

    private RawReader(string path, StoreManifest manifest, StoreReaderTraits traits, SafeFileHandle images, MappedFile imageMap, MappedFile labels, MappedFile? checksums)
        : base(path, StoreKind.Raw, manifest.Shape, manifest.Count ?? 0, traits)
    {
        _images = images;
        _imageMap = imageMap;
        _labels = labels;
        _checksums = checksums;
    }

    public static RawReader Open(StoreProbe probe, StoreOptions options)
    {
        var manifest = probe.Manifest ?? throw new NotAStoreException(probe.Path, $"not a raw store: {StoreManifest.FileName} is missing.");
        using var directory = probe.TakeDirectory();
        int count = manifest.Count ?? 0;
        var opened = new List<IDisposable>();
        try
        {
            var images = OpenData(directory, RawFormat.ImagesFile, (long)count * manifest.Shape.ByteCount, opened);
            var imageMap = Map(images, (long)count * manifest.Shape.ByteCount, opened);
            var labels = MapWhole(directory, RawFormat.LabelsFile, (long)count * sizeof(int), opened);
            var checksums = manifest.HasChecksums ? MapWhole(directory, ChecksumsFile.FileName, (long)count * sizeof(uint), opened) : null;
            var traits = manifest.Traits(options);
            return new RawReader(probe.Path, manifest, traits, images, imageMap, labels, checksums);
        }
        catch
        {
            opened.Reverse();
            opened.ForEach(d => d.Dispose());
            throw;
        }
    }

    protected override int ReadOne(int id, Span<byte> pixels, bool verify)
    {
        _imageMap.Span((long)id * Shape.ByteCount, Shape.ByteCount).CopyTo(pixels);
        return Finish(id, pixels, verify);
    }

    protected override void ReadRangeCore(int start, ImageBatch destination, bool verify)
    {
        if (destination.Count < PositionedReadThreshold)
        {
            base.ReadRangeCore(start, destination, verify);
            return;
        }

        // Like LMDB's, a large range is split over the cores: the kernel copies each part from the page cache on its own core.
        if (destination.Count >= ParallelThreshold && Environment.ProcessorCount > 1)
        {
            ReadParts(start, destination, verify);
            return;
        }

        ReadPart(start, destination, verify);
    }

    // Its own method: a lambda capturing the parameters of ReadRangeCore would be allocated on every range read, split or not.
    private void ReadParts(int start, ImageBatch destination, bool verify) =>
        ParallelWork.ForChunks(destination.Count, Environment.ProcessorCount, (from, to) => ReadPart(start + from, destination.Slice(from, to - from), verify));

    // One positioned read of a part's pixels, then its labels (and checksums, while the pixels are still in cache).
    private void ReadPart(int start, ImageBatch part, bool verify)
    {
        long offset = (long)start * Shape.ByteCount;
        int read = PositionedRead.Fill(_images, part.Pixels, offset);
        if (read < part.Pixels.Length)
        {
            throw new CorruptStoreException(System.IO.Path.Combine(Path, RawFormat.ImagesFile), $"truncated: ended at byte {offset + read}.");
        }

        var labels = part.Labels;
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = Finish(start + i, part.Image(i), verify);
        }
    }

    protected override void Dispose(bool disposing)
    {
        _checksums?.Dispose();
        _labels.Dispose();
        _imageMap.Dispose();
        _images.Dispose();
    }

    // The label of an image whose pixels are in place, checked, and its checksum verified if asked.
    private int Finish(int id, ReadOnlySpan<byte> pixels, bool verify)
    {
        int label = Label(id);
        if (verify && _checksums is not null)
        {
            ImageChecksum.Check(Path, id, pixels, label, BinaryPrimitives.ReadUInt32LittleEndian(_checksums.Span((long)id * sizeof(uint), sizeof(uint))));
        }

        return label;
    }

    private int Label(int id)
    {
        int label = BinaryPrimitives.ReadInt32LittleEndian(_labels.Span((long)id * sizeof(int), sizeof(int)));
        return label >= 0 ? label : throw new CorruptStoreException(System.IO.Path.Combine(Path, RawFormat.LabelsFile), id, $"negative label {label}.");
    }

    private static SafeFileHandle OpenData(DirectoryHandle directory, string name, long expected, List<IDisposable> opened)
    {
        string file = System.IO.Path.Combine(directory.Path, name);
        var handle = directory.OpenRequired(name);
        opened.Add(handle);
        long length = RandomAccess.GetLength(handle);
        return length >= expected ? handle : throw new CorruptStoreException(file, $"truncated: {length} bytes, the manifest's count needs {expected}.");
    }

    private static MappedFile Map(SafeFileHandle file, long length, List<IDisposable> opened)
    {
        var map = new MappedFile(file, length);
        opened.Add(map);
        return map;
    }

    // A small file read only through its map: the descriptor is closed at once, the mapping stays valid.
    private static MappedFile MapWhole(DirectoryHandle directory, string name, long length, List<IDisposable> opened)
    {
        using var file = OpenData(directory, name, length, []);
        return Map(file, length, opened);
    }
}
