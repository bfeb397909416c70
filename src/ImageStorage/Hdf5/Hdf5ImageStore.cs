using System.Buffers.Binary;
using System.Runtime.InteropServices;
using ImageStorage.IO;
using ImageStorage.Png;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace ImageStorage.Hdf5;

/// <summary>
/// The article's third method: one HDF5 file with dataset <c>images</c> (N × H × W × C, uint8, contiguous) and dataset
/// <c>labels</c> (N, int32), written by PureHDF and readable by h5py and h5dump. Files written elsewhere are read too:
/// labels may be any integer type, and the article's dataset name <c>meta</c> is accepted for them.
/// PureHDF writes whole files only, so appending rewrites the file (to a temporary sibling, then an atomic swap).
/// With <see cref="RecordEncoding.Png"/> the file instead holds dataset <c>png</c> (every image's PNG file, one after
/// another, uint8) and <c>png_offsets</c> (N + 1 int64: image i is bytes [offsets[i], offsets[i+1])), with the shape and
/// <c>encoding = "png"</c> in root attributes, so readers need no flag.
/// </summary>
public static class Hdf5ImageStore
{
    internal const string Format = "imagestorage-hdf5";
    internal const string ImagesDataset = "images";
    internal const string LabelsDataset = "labels";
    internal const string ArticleLabelsDataset = "meta";
    internal const string PngDataset = "png";
    internal const string PngOffsetsDataset = "png_offsets";

    /// <summary>Starts a new store that appears at <paramref name="path"/> on commit.</summary>
    public static IImageStoreWriter Create(string path, ImageShape shape, StoreOptions? options = null)
    {
        options ??= StoreOptions.Default;
        shape.Validate();
        StoreGuard.CheckCreate(path, options, IsStore, "HDF5");
        return new Writer(path, shape, null, options.Overwrite, options.Encoding);
    }

    /// <summary>Starts adding images to the existing store at <paramref name="path"/>; the file is rewritten on commit.</summary>
    public static IImageStoreWriter Append(string path)
    {
        using var reader = new Reader(path);
        return new Writer(path, reader.Shape, reader.ReadAll(), replace: true, reader.Encoding);
    }

    /// <summary>Opens the file at <paramref name="path"/> for reading.</summary>
    public static IImageStore Open(string path) => new Reader(path);

    private static bool IsStore(string path)
    {
        try
        {
            using var store = Open(path);
            return true;
        }
        catch (ImageStoreException)
        {
            return false;
        }
    }

    private sealed class Reader : StoreReader
    {
        private readonly FileStream _stream;
        private readonly NativeFile _file;
        private readonly IH5Dataset _images;
        private readonly IH5Dataset _labels;
        private readonly long? _imagesOffset;
        private readonly long? _labelsOffset;
        private readonly int _labelSize;
        private readonly bool _labelsSigned;
        private readonly bool _labelsBigEndian;
        private readonly Lazy<int[]> _allLabels;
        private readonly IH5Dataset? _pngOffsets;
        private readonly long? _pngOffsetsOffset;
        private readonly Lazy<long[]>? _allPngOffsets;

        public Reader(string path)
            : this(path, OpenFile(path))
        {
        }

        private Reader(string path, Opened opened)
            : base(path, opened.Shape, opened.Count)
        {
            (_stream, _file, _images, _labels, _pngOffsets) = (opened.Stream, opened.File, opened.Images, opened.Labels, opened.PngOffsets);
            if (_pngOffsets is not null)
            {
                var offsets = _pngOffsets;
                _allPngOffsets = new Lazy<long[]>(() => offsets.Read<long[]>(), LazyThreadSafetyMode.ExecutionAndPublication);
            }

            _allLabels = new Lazy<int[]>(() => ReadLabelsWithPureHdf(_labels), LazyThreadSafetyMode.ExecutionAndPublication);
            _labelSize = (int)_labels.Type.Size;
            _labelsSigned = _labels.Type.FixedPoint.IsSigned;
            if (Count == 0)
            {
                return;
            }

            long length = _stream.Length;
            _imagesOffset = ContiguousData.FileOffset(_images);
            if (_pngOffsets is not null)
            {
                _pngOffsetsOffset = ContiguousData.IsBigEndianInteger(_pngOffsets) == false ? ContiguousData.FileOffset(_pngOffsets) : null;
            }
            else if (_imagesOffset + ((long)Count * Shape.ByteCount) > length)
            {
                Dispose(true);
                throw new CorruptStoreException(path, $"truncated: the images dataset ends at byte {_imagesOffset + ((long)Count * Shape.ByteCount)}, the file has {length}.");
            }

            if (_labelSize is 1 or 2 or 4 or 8 && ContiguousData.IsBigEndianInteger(_labels) is bool bigEndian)
            {
                _labelsBigEndian = bigEndian;
                _labelsOffset = ContiguousData.FileOffset(_labels);
                if (_labelsOffset + ((long)Count * _labelSize) > length)
                {
                    Dispose(true);
                    throw new CorruptStoreException(path, $"truncated: the labels dataset ends at byte {_labelsOffset + ((long)Count * _labelSize)}, the file has {length}.");
                }
            }
        }

        protected override int ReadOne(int id, Span<byte> pixels)
        {
            ReadImages(id, 1, pixels);
            Span<int> label = stackalloc int[1];
            ReadLabels(id, label);
            return label[0];
        }

        public RecordEncoding Encoding => _pngOffsets is null ? RecordEncoding.Raw : RecordEncoding.Png;

        protected override void ReadRangeCore(int start, ImageBatch destination)
        {
            if (_pngOffsets is not null)
            {
                DecodeRange(start, destination);
            }
            else
            {
                ReadImages(start, destination.Count, destination.Pixels);
            }

            ReadLabels(start, destination.Labels);
        }

        protected override void ReadManyCore(ReadOnlySpan<int> ids, ImageBatch destination)
        {
            for (int i = 0; i < ids.Length; i++)
            {
                ReadImages(ids[i], 1, destination.Image(i));
                ReadLabels(ids[i], destination.Labels.AsSpan(i, 1));
            }
        }

        protected override void Dispose(bool disposing)
        {
            _file.Dispose();
            _stream.Dispose();
        }

        private void ReadImages(int start, int count, Span<byte> destination)
        {
            if (_pngOffsets is not null)
            {
                for (int i = 0; i < count; i++)
                {
                    byte[] png = ReadPng(start + i, 1, out long[] bounds);
                    PngCodec.Decode(png.AsSpan(0, (int)(bounds[1] - bounds[0])), destination.Slice(i * Shape.ByteCount, Shape.ByteCount), Shape, Path, start + i);
                    System.Buffers.ArrayPool<byte>.Shared.Return(png);
                }

                return;
            }

            if (_imagesOffset is long offset)
            {
                ReadExactly(destination, offset + ((long)start * Shape.ByteCount), start);
                return;
            }

            try
            {
                var selection = new HyperslabSelection(rank: 4, starts: [(ulong)start, 0, 0, 0], blocks: [(ulong)count, (ulong)Shape.Height, (ulong)Shape.Width, (ulong)Shape.Channels]);
                ((NativeDataset)_images).Read(destination, fileSelection: selection);
            }
            catch (Exception e) when (e is not ImageStoreException)
            {
                throw new CorruptStoreException(Path, start, $"PureHDF cannot read the images: {e.Message}", e);
            }
        }

        private void ReadLabels(int start, Span<int> destination)
        {
            if (_labelsOffset is not long offset)
            {
                _allLabels.Value.AsSpan(start, destination.Length).CopyTo(destination);
                return;
            }

            // Integers of 1, 2, 4 or 8 bytes, read in chunks through a small stack buffer.
            Span<byte> buffer = stackalloc byte[4096];
            int perChunk = buffer.Length / _labelSize;
            for (int done = 0; done < destination.Length; done += perChunk)
            {
                int n = Math.Min(perChunk, destination.Length - done);
                var bytes = buffer[..(n * _labelSize)];
                ReadExactly(bytes, offset + ((long)(start + done) * _labelSize), start + done);
                for (int i = 0; i < n; i++)
                {
                    destination[done + i] = CheckLabel(start + done + i, DecodeInteger(bytes.Slice(i * _labelSize, _labelSize)));
                }
            }
        }

        private long DecodeInteger(ReadOnlySpan<byte> value) => (_labelSize, _labelsSigned, _labelsBigEndian) switch
        {
            (1, false, _) => value[0],
            (1, true, _) => (sbyte)value[0],
            (2, false, false) => BinaryPrimitives.ReadUInt16LittleEndian(value),
            (2, false, true) => BinaryPrimitives.ReadUInt16BigEndian(value),
            (2, true, false) => BinaryPrimitives.ReadInt16LittleEndian(value),
            (2, true, true) => BinaryPrimitives.ReadInt16BigEndian(value),
            (4, false, false) => BinaryPrimitives.ReadUInt32LittleEndian(value),
            (4, false, true) => BinaryPrimitives.ReadUInt32BigEndian(value),
            (4, true, false) => BinaryPrimitives.ReadInt32LittleEndian(value),
            (4, true, true) => BinaryPrimitives.ReadInt32BigEndian(value),
            (8, false, false) => (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(value), long.MaxValue),
            (8, false, true) => (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(value), long.MaxValue),
            (_, _, false) => BinaryPrimitives.ReadInt64LittleEndian(value),
            _ => BinaryPrimitives.ReadInt64BigEndian(value),
        };

        // Reads the PNG bytes of images [start, start + count) in one positioned read into a pooled buffer (returned by the caller).
        private byte[] ReadPng(int start, int count, out long[] bounds)
        {
            bounds = new long[count + 1];
            if (_pngOffsetsOffset is long at)
            {
                ReadExactly(MemoryMarshal.AsBytes(bounds.AsSpan()), at + ((long)start * sizeof(long)), start);
            }
            else
            {
                _allPngOffsets!.Value.AsSpan(start, count + 1).CopyTo(bounds);
            }

            long first = bounds[0];
            long bytes = bounds[count] - first;
            if (bytes is < 0 or > int.MaxValue || _imagesOffset is not long data || data + bounds[count] > _stream.Length)
            {
                throw new CorruptStoreException(Path, start, $"bad PNG offsets [{first}, {bounds[count]}) in '{PngOffsetsDataset}'.");
            }

            byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent((int)Math.Max(1, bytes));
            ReadExactly(buffer.AsSpan(0, (int)bytes), data + first, start);
            for (int i = 0; i <= count; i++)
            {
                bounds[i] -= first;
            }

            return buffer;
        }

        private void DecodeRange(int start, ImageBatch destination)
        {
            byte[] png = ReadPng(start, destination.Count, out long[] bounds);
            try
            {
                ParallelWork.For(destination.Count, i =>
                {
                    long from = bounds[i], to = bounds[i + 1];
                    if (to < from)
                    {
                        throw new CorruptStoreException(Path, start + i, $"bad PNG offsets [{from}, {to}).");
                    }

                    PngCodec.Decode(png.AsSpan((int)from, (int)(to - from)), destination.Image(i), Shape, Path, start + i);
                });
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(png);
            }
        }

        private int CheckLabel(int id, long label) =>
            label is >= 0 and <= int.MaxValue ? (int)label : throw new CorruptStoreException(Path, id, $"label {label} is out of range.");

        private void ReadExactly(Span<byte> destination, long offset, int id)
        {
            int read = PositionedRead.Fill(_stream.SafeFileHandle, destination, offset);
            if (read < destination.Length)
            {
                throw new CorruptStoreException(Path, id, $"truncated: the file ends at byte {offset + read}.");
            }
        }

        private int[] ReadLabelsWithPureHdf(IH5Dataset labels)
        {
            try
            {
                long[] values = (_labelSize, _labelsSigned) switch
                {
                    (1, false) => Array.ConvertAll(labels.Read<byte[]>(), v => (long)v),
                    (1, true) => Array.ConvertAll(labels.Read<sbyte[]>(), v => (long)v),
                    (2, false) => Array.ConvertAll(labels.Read<ushort[]>(), v => (long)v),
                    (2, true) => Array.ConvertAll(labels.Read<short[]>(), v => (long)v),
                    (4, false) => Array.ConvertAll(labels.Read<uint[]>(), v => (long)v),
                    (4, true) => Array.ConvertAll(labels.Read<int[]>(), v => (long)v),
                    (8, true) => labels.Read<long[]>(),
                    (8, false) => Array.ConvertAll(labels.Read<ulong[]>(), v => v > long.MaxValue ? -1 : (long)v),
                    _ => throw new CorruptStoreException(Path, $"the labels dataset has integer size {_labelSize}; 1, 2, 4 or 8 bytes expected."),
                };
                var result = new int[Count];
                for (int i = 0; i < Count; i++)
                {
                    result[i] = CheckLabel(i, values[i]);
                }

                return result;
            }
            catch (Exception e) when (e is not ImageStoreException)
            {
                throw new CorruptStoreException(Path, $"cannot read the labels dataset: {e.Message}", e);
            }
        }

        private static Opened OpenFile(string path)
        {
            ArgumentNullException.ThrowIfNull(path);
            if (Directory.Exists(path))
            {
                throw new NotAStoreException(path, "is a directory, not an HDF5 file.");
            }

            if (!File.Exists(path))
            {
                throw new NotAStoreException(path, "no such HDF5 file.");
            }

            // One file handle serves PureHDF's metadata parsing and our positioned reads of the data.
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.RandomAccess);
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

            try
            {
                var images = Dataset(file, path, ImagesDataset);
                if (images is null && !file.LinkExists(PngDataset))
                {
                    throw new NotAStoreException(path, $"an HDF5 file without the '{ImagesDataset}' dataset.");
                }

                var labels = Dataset(file, path, LabelsDataset) ?? Dataset(file, path, ArticleLabelsDataset)
                    ?? throw new NotAStoreException(path, $"an HDF5 file without a '{LabelsDataset}' (or '{ArticleLabelsDataset}') dataset.");
                if (images is null)
                {
                    return OpenEncoded(stream, file, path, labels);
                }

                ulong[] dims = images.Space.Dimensions;
                if (dims.Length != 4 || images.Type.Class != H5DataTypeClass.FixedPoint || images.Type.Size != 1)
                {
                    throw new CorruptStoreException(path, $"the '{ImagesDataset}' dataset must be 4-D uint8 (N, H, W, C); it is {dims.Length}-D, {images.Type.Class} of {images.Type.Size} bytes.");
                }

                var shape = new ImageShape(checked((int)dims[1]), checked((int)dims[2]), checked((int)dims[3]));
                try
                {
                    shape.Validate();
                }
                catch (ArgumentException e)
                {
                    throw new CorruptStoreException(path, e.Message, e);
                }

                ulong[] labelDims = labels.Space.Dimensions;
                if (labelDims.Length != 1 || labelDims[0] != dims[0] || labels.Type.Class != H5DataTypeClass.FixedPoint)
                {
                    throw new CorruptStoreException(path, $"the labels dataset must be 1-D integers, one per image ({dims[0]}); it has dims ({string.Join(", ", labelDims)}).");
                }

                return new Opened(stream, file, images, labels, shape, checked((int)dims[0]), null);
            }
            catch (Exception e)
            {
                file.Dispose();
                stream.Dispose();
                if (e is ImageStoreException)
                {
                    throw;
                }

                throw new CorruptStoreException(path, $"not a readable image store (truncated or corrupt HDF5): {e.Message}", e);
            }
        }

        // PureHDF reports a missing link with a plain Exception; asking LinkExists first would cost a second lookup on every open.
        private static IH5Dataset? Dataset(NativeFile file, string path, string name)
        {
            try
            {
                return file.Dataset(name);
            }
            catch (Exception) when (!file.LinkExists(name))
            {
                return null;
            }
        }

        private static Opened OpenEncoded(FileStream stream, NativeFile file, string path, IH5Dataset labels)
        {
            var png = Dataset(file, path, PngDataset);
            var offsets = Dataset(file, path, PngOffsetsDataset);
            if (png is null || offsets is null || !file.AttributeExists("encoding") || file.Attribute("encoding").Read<string>() != "png")
            {
                throw new NotAStoreException(path, $"an HDF5 file without the '{ImagesDataset}' dataset (nor PNG-encoded '{PngDataset}' and '{PngOffsetsDataset}').");
            }

            var shape = new ImageShape(file.Attribute("height").Read<int>(), file.Attribute("width").Read<int>(), file.Attribute("channels").Read<int>());
            try
            {
                shape.Validate();
            }
            catch (ArgumentException e)
            {
                throw new CorruptStoreException(path, e.Message, e);
            }

            ulong count = labels.Space.Dimensions is [ulong n] ? n : throw new CorruptStoreException(path, "the labels dataset must be 1-D.");
            if (offsets.Space.Dimensions is not [ulong bounds] || bounds != count + 1 || offsets.Type.Size != 8 || png.Space.Dimensions.Length != 1)
            {
                throw new CorruptStoreException(path, $"'{PngOffsetsDataset}' must hold {count + 1} int64 offsets into a 1-D '{PngDataset}' dataset.");
            }

            return new Opened(stream, file, png, labels, shape, checked((int)count), offsets);
        }

        private sealed record Opened(FileStream Stream, NativeFile File, IH5Dataset Images, IH5Dataset Labels, ImageShape Shape, int Count, IH5Dataset? PngOffsets);
    }

    private sealed class Writer : StoreWriter
    {
        private readonly bool _replace;
        private readonly RecordEncoding _encoding;
        private readonly ImageBatch? _existing;
        private string? _written;
        private int _writtenCount;
        private byte[] _tailPixels = [];
        private int[] _tailLabels = [];
        private int _tailCount;

        public Writer(string path, ImageShape shape, ImageBatch? existing, bool replace, RecordEncoding encoding)
            : base(path, shape, existing?.Count ?? 0)
        {
            _replace = replace;
            _encoding = encoding;
            _existing = existing;
        }

        protected override void WriteOne(int id, ReadOnlySpan<byte> pixels, int label) => AddToTail(pixels, [label]);

        protected override void WriteMany(int firstId, ImageBatch batch)
        {
            if (_existing is null && _written is null && _tailCount == 0)
            {
                // The usual case, one batch into a new store: write it to the file now, straight from the caller's
                // memory, instead of copying it to write at commit.
                _written = AtomicPublish.TempSibling(Path);
                WriteFile(_written, Shape, batch.Pixels, batch.Labels, _encoding);
                _writtenCount = batch.Count;
                return;
            }

            AddToTail(batch.Pixels, batch.Labels);
        }

        protected override void Publish()
        {
            if (_written is null || _tailCount > 0 || _existing is not null)
            {
                var all = Gather();
                string temp = AtomicPublish.TempSibling(Path);
                WriteFile(temp, Shape, all.Pixels, all.Labels, _encoding);
                Discard();
                _written = temp;
            }

            AtomicPublish.Publish(_written, Path, _replace);
            _written = null;
        }

        protected override void Dispose(bool discard)
        {
            Discard();
            _tailPixels = [];
            _tailLabels = [];
        }

        private ImageBatch Gather()
        {
            var all = ImageBatch.Allocate(Shape, Count);
            int at = 0;
            foreach (var part in new[] { _existing, _written is null ? null : ReadBack(_written) })
            {
                if (part is not null)
                {
                    part.Pixels.CopyTo(all.Images(at, part.Count));
                    part.Labels.CopyTo(all.Labels, at);
                    at += part.Count;
                }
            }

            _tailPixels.AsSpan(0, _tailCount * Shape.ByteCount).CopyTo(all.Images(at, _tailCount));
            _tailLabels.AsSpan(0, _tailCount).CopyTo(all.Labels.AsSpan(at));
            return all;
        }

        private ImageBatch ReadBack(string file)
        {
            using var store = new Reader(file);
            return store.Count == _writtenCount ? store.ReadAll() : throw new CorruptStoreException(file, $"holds {store.Count} images; {_writtenCount} were written.");
        }

        private void Discard()
        {
            if (_written is not null)
            {
                AtomicPublish.Delete(_written);
                _written = null;
            }
        }

        private void AddToTail(ReadOnlySpan<byte> pixels, ReadOnlySpan<int> labels)
        {
            int needed = _tailCount + labels.Length;
            if (needed > _tailLabels.Length)
            {
                int capacity = Math.Max(needed, _tailLabels.Length * 2);
                Array.Resize(ref _tailLabels, capacity);
                var grown = GC.AllocateUninitializedArray<byte>(checked(capacity * Shape.ByteCount));
                _tailPixels.AsSpan(0, _tailCount * Shape.ByteCount).CopyTo(grown);
                _tailPixels = grown;
            }

            pixels.CopyTo(_tailPixels.AsSpan(_tailCount * Shape.ByteCount));
            labels.CopyTo(_tailLabels.AsSpan(_tailCount));
            _tailCount = needed;
        }

        private static void WriteFile(string path, ImageShape shape, ReadOnlyMemory<byte> pixels, ReadOnlyMemory<int> labels, RecordEncoding encoding)
        {
            int count = labels.Length;
            // PureHDF recognises Memory<T>, not ReadOnlyMemory<T>; it only reads from it.
            var file = new H5File
            {
                [LabelsDataset] = new H5Dataset((object)MemoryMarshal.AsMemory(labels), fileDims: [(ulong)count]),
                Attributes = new() { ["format"] = Format, ["version"] = 1 },
            };
            if (encoding == RecordEncoding.Raw)
            {
                file[ImagesDataset] = new H5Dataset((object)MemoryMarshal.AsMemory(pixels), fileDims: [(ulong)count, (ulong)shape.Height, (ulong)shape.Width, (ulong)shape.Channels]);
            }
            else
            {
                var encoded = PngCodec.EncodeAll(pixels, shape, count);
                var offsets = new long[count + 1];
                for (int i = 0; i < count; i++)
                {
                    offsets[i + 1] = offsets[i] + encoded[i].Length;
                }

                var bytes = new byte[offsets[count]];
                for (int i = 0; i < count; i++)
                {
                    encoded[i].CopyTo(bytes, offsets[i]);
                }

                file[PngDataset] = new H5Dataset(bytes, fileDims: [(ulong)bytes.Length]);
                file[PngOffsetsDataset] = new H5Dataset(offsets, fileDims: [(ulong)offsets.Length]);
                file.Attributes["encoding"] = "png";
                file.Attributes["height"] = shape.Height;
                file.Attributes["width"] = shape.Width;
                file.Attributes["channels"] = shape.Channels;
            }

            try
            {
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
                // Contiguous even when small: compact datasets could not be read with one positioned read.
                file.Write(stream, new H5WriteOptions(PreferCompactDatasetLayout: false));
                stream.Flush(flushToDisk: true);
            }
            catch
            {
                AtomicPublish.Delete(path);
                throw;
            }
        }
    }
}
