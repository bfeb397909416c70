using ImageStorage.IO;
using Microsoft.Win32.SafeHandles;

namespace ImageStorage.Raw;

/// <summary>
/// The speed-of-light baseline: a directory with <c>images.u8</c> (N × H × W × C bytes, nothing else) and
/// <c>labels.i32</c> (N little-endian int32), read with positioned reads straight into the caller's buffer.
/// </summary>
public static class RawFileStore
{
    internal const string Format = "imagestorage-raw";
    internal const string ImagesFile = "images.u8";
    internal const string LabelsFile = "labels.i32";

    /// <summary>Starts a new store that appears at <paramref name="path"/> on commit.</summary>
    public static IImageStoreWriter Create(string path, ImageShape shape, StoreOptions? options = null)
    {
        options ??= StoreOptions.Default;
        shape.Validate();
        if (options.Encoding != RecordEncoding.Raw)
        {
            throw new ArgumentException($"Only LMDB and HDF5 stores hold encoded records; a raw store cannot use {options.Encoding}.", nameof(options));
        }

        StoreGuard.CheckCreate(path, options, p => StoreManifest.IsStore(p, Format), "raw");
        string temp = AtomicPublish.TempSibling(path);
        Directory.CreateDirectory(temp);
        return new Writer(path, temp, shape, 0, options.Overwrite);
    }

    /// <summary>Starts adding images to the existing store at <paramref name="path"/>.</summary>
    public static IImageStoreWriter Append(string path)
    {
        var manifest = StoreManifest.Read(path, Format);
        return new Writer(path, null, manifest.Shape, manifest.Count ?? 0, replace: false);
    }

    /// <summary>Opens the store at <paramref name="path"/> for reading.</summary>
    public static IImageStore Open(string path) => new Reader(path);

    private sealed class Reader : StoreReader
    {
        private readonly SafeFileHandle _images;
        private readonly SafeFileHandle _labels;

        public Reader(string path)
            : this(path, StoreManifest.Read(path, Format))
        {
        }

        private Reader(string path, StoreManifest manifest)
            : base(path, manifest.Shape, manifest.Count ?? 0)
        {
            _images = OpenData(path, ImagesFile, (long)Count * Shape.ByteCount);
            try
            {
                _labels = OpenData(path, LabelsFile, (long)Count * sizeof(int));
            }
            catch
            {
                _images.Dispose();
                throw;
            }
        }

        protected override int ReadOne(int id, Span<byte> pixels)
        {
            ReadExactly(_images, pixels, (long)id * Shape.ByteCount, ImagesFile);
            Span<int> label = stackalloc int[1];
            ReadExactly(_labels, System.Runtime.InteropServices.MemoryMarshal.AsBytes(label), (long)id * sizeof(int), LabelsFile);
            return label[0];
        }

        protected override void ReadRangeCore(int start, ImageBatch destination)
        {
            ReadExactly(_images, destination.Pixels, (long)start * Shape.ByteCount, ImagesFile);
            ReadExactly(_labels, System.Runtime.InteropServices.MemoryMarshal.AsBytes(destination.Labels.AsSpan()), (long)start * sizeof(int), LabelsFile);
        }

        protected override void Dispose(bool disposing)
        {
            _images.Dispose();
            _labels.Dispose();
        }

        private void ReadExactly(SafeFileHandle handle, Span<byte> buffer, long offset, string file)
        {
            int read = PositionedRead.Fill(handle, buffer, offset);
            if (read < buffer.Length)
            {
                throw new CorruptStoreException(System.IO.Path.Combine(Path, file), $"truncated: ended at byte {offset + read}.");
            }
        }

        private static SafeFileHandle OpenData(string path, string name, long expected)
        {
            string file = System.IO.Path.Combine(path, name);
            if (!File.Exists(file))
            {
                throw new CorruptStoreException(path, $"{name} is missing.");
            }

            var handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.RandomAccess);
            long length = RandomAccess.GetLength(handle);
            if (length < expected)
            {
                handle.Dispose();
                throw new CorruptStoreException(file, $"truncated: {length} bytes, the manifest's count needs {expected}.");
            }

            return handle;
        }
    }

    private sealed class Writer : StoreWriter
    {
        private readonly string? _temp;
        private readonly string _directory;
        private readonly bool _replace;
        private readonly SafeFileHandle _images;
        private readonly SafeFileHandle _labels;

        public Writer(string path, string? temp, ImageShape shape, int existingCount, bool replace)
            : base(path, shape, existingCount)
        {
            _temp = temp;
            _replace = replace;
            _directory = temp ?? path;
            _images = OpenForWrite(System.IO.Path.Combine(_directory, ImagesFile), (long)existingCount * shape.ByteCount);
            _labels = OpenForWrite(System.IO.Path.Combine(_directory, LabelsFile), (long)existingCount * sizeof(int));
        }

        protected override void WriteOne(int id, ReadOnlySpan<byte> pixels, int label)
        {
            RandomAccess.Write(_images, pixels, (long)id * Shape.ByteCount);
            ReadOnlySpan<int> labels = [label];
            RandomAccess.Write(_labels, System.Runtime.InteropServices.MemoryMarshal.AsBytes(labels), (long)id * sizeof(int));
        }

        protected override void WriteMany(int firstId, ImageBatch batch)
        {
            RandomAccess.Write(_images, batch.Pixels, (long)firstId * Shape.ByteCount);
            RandomAccess.Write(_labels, System.Runtime.InteropServices.MemoryMarshal.AsBytes(batch.Labels.AsSpan()), (long)firstId * sizeof(int));
        }

        protected override void Publish()
        {
            RandomAccess.FlushToDisk(_images);
            RandomAccess.FlushToDisk(_labels);
            _images.Dispose();
            _labels.Dispose();
            StoreManifest.For(Format, 1, Shape, Count).Write(_directory);
            if (_temp is not null)
            {
                AtomicPublish.Publish(_temp, Path, _replace);
            }
        }

        protected override void Dispose(bool discard)
        {
            _images.Dispose();
            _labels.Dispose();
            if (discard && _temp is not null)
            {
                AtomicPublish.Delete(_temp);
            }
        }

        private static SafeFileHandle OpenForWrite(string file, long committedLength)
        {
            var handle = File.OpenHandle(file, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
            // Bytes past the committed count are leftovers of an append that was never committed.
            RandomAccess.SetLength(handle, committedLength);
            return handle;
        }
    }
}
