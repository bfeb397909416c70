using System.Runtime.InteropServices;
using ImageStorage.IO;
using Microsoft.Win32.SafeHandles;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace ImageStorage.Hdf5;

/// <summary>
/// The article's third method: one HDF5 file with dataset <c>images</c> (N × H × W × C, uint8, contiguous) and dataset
/// <c>labels</c> (N, int32), written by PureHDF and readable by h5py and h5dump. Files written elsewhere are read too:
/// labels may be any integer type, and the article's dataset name <c>meta</c> is accepted for them.
/// PureHDF writes whole files only, so appending rewrites the file (to a temporary sibling, then an atomic swap).
/// </summary>
public static class Hdf5ImageStore
{
    internal const string Format = "imagestorage-hdf5";
    internal const string ImagesDataset = "images";
    internal const string LabelsDataset = "labels";
    internal const string ArticleLabelsDataset = "meta";

    /// <summary>Starts a new store that appears at <paramref name="path"/> on commit.</summary>
    public static IImageStoreWriter Create(string path, ImageShape shape, StoreOptions? options = null)
    {
        options ??= StoreOptions.Default;
        shape.Validate();
        StoreGuard.CheckCreate(path, options, IsStore, "HDF5");
        return new Writer(path, shape, null, options.Overwrite);
    }

    /// <summary>Starts adding images to the existing store at <paramref name="path"/>; the file is rewritten on commit.</summary>
    public static IImageStoreWriter Append(string path)
    {
        using var reader = Open(path);
        return new Writer(path, reader.Shape, reader.ReadAll(), replace: true);
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
        private readonly NativeFile _file;
        private readonly IH5Dataset _images;
        private readonly SafeFileHandle? _handle;
        private readonly long _imagesOffset;
        private readonly Lazy<int[]> _labels;

        public Reader(string path)
            : this(path, OpenFile(path))
        {
        }

        private Reader(string path, (NativeFile File, IH5Dataset Images, IH5Dataset Labels, ImageShape Shape, int Count) opened)
            : base(path, opened.Shape, opened.Count)
        {
            _file = opened.File;
            _images = opened.Images;
            var labels = opened.Labels;
            _labels = new Lazy<int[]>(() => ReadLabels(labels), LazyThreadSafetyMode.ExecutionAndPublication);
            long? offset = ContiguousData.FileOffset(_images);
            long bytes = (long)Count * Shape.ByteCount;
            if (offset is long start && bytes > 0)
            {
                _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
                if (start + bytes > RandomAccess.GetLength(_handle))
                {
                    _handle.Dispose();
                    _file.Dispose();
                    throw new CorruptStoreException(path, $"truncated: the images dataset ends at byte {start + bytes}, the file has {new FileInfo(path).Length}.");
                }

                _imagesOffset = start;
            }
        }

        protected override int ReadOne(int id, Span<byte> pixels)
        {
            ReadImages(id, 1, pixels);
            return _labels.Value[id];
        }

        protected override void ReadRangeCore(int start, ImageBatch destination)
        {
            ReadImages(start, destination.Count, destination.Pixels);
            Array.Copy(_labels.Value, start, destination.Labels, 0, destination.Count);
        }

        protected override void ReadManyCore(ReadOnlySpan<int> ids, ImageBatch destination)
        {
            int[] labels = _labels.Value;
            for (int i = 0; i < ids.Length; i++)
            {
                ReadImages(ids[i], 1, destination.Image(i));
                destination.Labels[i] = labels[ids[i]];
            }
        }

        protected override void Dispose(bool disposing)
        {
            _handle?.Dispose();
            _file.Dispose();
        }

        private void ReadImages(int start, int count, Span<byte> destination)
        {
            if (_handle is null)
            {
                ReadWithPureHdf(start, count, destination);
                return;
            }

            long offset = _imagesOffset + ((long)start * Shape.ByteCount);
            while (!destination.IsEmpty)
            {
                int n = RandomAccess.Read(_handle, destination, offset);
                if (n == 0)
                {
                    throw new CorruptStoreException(Path, start, $"truncated: the file ends at byte {offset}.");
                }

                destination = destination[n..];
                offset += n;
            }
        }

        private void ReadWithPureHdf(int start, int count, Span<byte> destination)
        {
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

        private int[] ReadLabels(IH5Dataset labels)
        {
            try
            {
                var type = labels.Type;
                bool signed = type.FixedPoint.IsSigned;
                long[] values = (type.Size, signed) switch
                {
                    (1, false) => Array.ConvertAll(labels.Read<byte[]>(), v => (long)v),
                    (1, true) => Array.ConvertAll(labels.Read<sbyte[]>(), v => (long)v),
                    (2, false) => Array.ConvertAll(labels.Read<ushort[]>(), v => (long)v),
                    (2, true) => Array.ConvertAll(labels.Read<short[]>(), v => (long)v),
                    (4, false) => Array.ConvertAll(labels.Read<uint[]>(), v => (long)v),
                    (4, true) => Array.ConvertAll(labels.Read<int[]>(), v => (long)v),
                    (8, true) => labels.Read<long[]>(),
                    (8, false) => Array.ConvertAll(labels.Read<ulong[]>(), v => v > long.MaxValue ? -1 : (long)v),
                    _ => throw new CorruptStoreException(Path, $"the labels dataset has integer size {type.Size}; 1, 2, 4 or 8 bytes expected."),
                };
                var result = new int[Count];
                for (int i = 0; i < Count; i++)
                {
                    if (values[i] is < 0 or > int.MaxValue)
                    {
                        throw new CorruptStoreException(Path, i, $"label {values[i]} is out of range.");
                    }

                    result[i] = (int)values[i];
                }

                return result;
            }
            catch (Exception e) when (e is not ImageStoreException)
            {
                throw new CorruptStoreException(Path, $"cannot read the labels dataset: {e.Message}", e);
            }
        }

        private static (NativeFile, IH5Dataset, IH5Dataset, ImageShape, int) OpenFile(string path)
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

            NativeFile file;
            try
            {
                file = H5File.OpenRead(path);
            }
            catch (Exception e) when (e is not IOException and not UnauthorizedAccessException)
            {
                throw new CorruptStoreException(path, $"not a readable HDF5 file (truncated or corrupt): {e.Message}", e);
            }

            try
            {
                if (!file.LinkExists(ImagesDataset))
                {
                    throw new NotAStoreException(path, $"an HDF5 file without the '{ImagesDataset}' dataset.");
                }

                string labelsName = file.LinkExists(LabelsDataset) ? LabelsDataset
                    : file.LinkExists(ArticleLabelsDataset) ? ArticleLabelsDataset
                    : throw new NotAStoreException(path, $"an HDF5 file without a '{LabelsDataset}' (or '{ArticleLabelsDataset}') dataset.");
                var images = file.Dataset(ImagesDataset);
                var labels = file.Dataset(labelsName);
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
                    throw new CorruptStoreException(path, $"the '{labelsName}' dataset must be 1-D integers, one per image ({dims[0]}); it has dims ({string.Join(", ", labelDims)}).");
                }

                return (file, images, labels, shape, checked((int)dims[0]));
            }
            catch (Exception e)
            {
                file.Dispose();
                if (e is ImageStoreException)
                {
                    throw;
                }

                throw new CorruptStoreException(path, $"not a readable image store (truncated or corrupt HDF5): {e.Message}", e);
            }
        }
    }

    private sealed class Writer : StoreWriter
    {
        private readonly bool _replace;
        private readonly ImageBatch? _existing;
        private string? _written;
        private int _writtenCount;
        private byte[] _tailPixels = [];
        private int[] _tailLabels = [];
        private int _tailCount;

        public Writer(string path, ImageShape shape, ImageBatch? existing, bool replace)
            : base(path, shape, existing?.Count ?? 0)
        {
            _replace = replace;
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
                WriteFile(_written, Shape, batch.Pixels, batch.Labels);
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
                WriteFile(temp, Shape, all.Pixels, all.Labels);
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

        private static void WriteFile(string path, ImageShape shape, ReadOnlyMemory<byte> pixels, ReadOnlyMemory<int> labels)
        {
            int count = labels.Length;
            // PureHDF recognises Memory<T>, not ReadOnlyMemory<T>; it only reads from it.
            var file = new H5File
            {
                [ImagesDataset] = new H5Dataset((object)MemoryMarshal.AsMemory(pixels), fileDims: [(ulong)count, (ulong)shape.Height, (ulong)shape.Width, (ulong)shape.Channels]),
                [LabelsDataset] = new H5Dataset((object)MemoryMarshal.AsMemory(labels), fileDims: [(ulong)count]),
                Attributes = new() { ["format"] = Format, ["version"] = 1 },
            };
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
