using System.Buffers;
using ImageStorage.IO;
using Microsoft.Win32.SafeHandles;

namespace ImageStorage.Png;

/// <summary>
/// The article's first method: a directory with one <c>{id}.png</c> per image, the labels in <c>labels.csv</c> beside
/// them, and <c>imagestore.json</c> holding the shape and the committed count. PNG files are independent, so store-many
/// and read-many encode and decode on every core.
/// </summary>
public static class PngDirectoryStore
{
    internal const string Format = "imagestorage-png";

    /// <summary>The file of image <paramref name="id"/> inside a store directory.</summary>
    public static string ImageFile(string path, int id) => System.IO.Path.Combine(path, id.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".png");

    /// <summary>Starts a new store that appears at <paramref name="path"/> on commit.</summary>
    public static IImageStoreWriter Create(string path, ImageShape shape, StoreOptions? options = null)
    {
        options ??= StoreOptions.Default;
        shape.Validate();
        if (options.Encoding != RecordEncoding.Raw)
        {
            throw new ArgumentException($"Only LMDB and HDF5 stores hold encoded records; a PNG store cannot use {options.Encoding}.", nameof(options));
        }

        StoreGuard.CheckCreate(path, options, p => StoreManifest.IsStore(p, Format), "PNG");
        string temp = AtomicPublish.TempSibling(path);
        Directory.CreateDirectory(temp);
        return new Writer(path, temp, shape, [], options.Overwrite);
    }

    /// <summary>Starts adding images to the existing store at <paramref name="path"/>.</summary>
    public static IImageStoreWriter Append(string path)
    {
        using var reader = new Reader(path, 1);
        return new Writer(path, null, reader.Shape, reader.Labels, replace: false);
    }

    /// <summary>Opens the store at <paramref name="path"/> for reading.</summary>
    public static IImageStore Open(string path) => new Reader(path, -1);

    /// <summary>
    /// Opens the store at <paramref name="path"/> for reading, decoding a batch on at most
    /// <paramref name="maxDegreeOfParallelism"/> threads (-1: every core) — for callers that parallelise themselves.
    /// </summary>
    public static IImageStore Open(string path, int maxDegreeOfParallelism) => new Reader(path, maxDegreeOfParallelism);

    private sealed class Reader : StoreReader
    {
        private readonly Lazy<int[]> _labels;
        private readonly int _parallelism;

        public Reader(string path, int maxDegreeOfParallelism)
            : this(path, StoreManifest.Read(path, Format))
        {
            _parallelism = maxDegreeOfParallelism;
        }

        private Reader(string path, StoreManifest manifest)
            : base(path, manifest.Shape, manifest.Count ?? 0)
        {
            string csv = System.IO.Path.Combine(path, LabelsCsv.FileName);
            if (!File.Exists(csv))
            {
                throw new CorruptStoreException(csv, "the labels file is missing.");
            }

            // Labels are parsed on first use: a store opened to read pixels only never pays for them.
            _labels = new Lazy<int[]>(() => LabelsCsv.Parse(File.ReadAllBytes(csv), Count, csv), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public int[] Labels => _labels.Value;

        protected override void Dispose(bool disposing)
        {
        }

        protected override int ReadOne(int id, Span<byte> pixels)
        {
            int label = Labels[id];
            DecodeFile(id, pixels);
            return label;
        }

        protected override void ReadRangeCore(int start, ImageBatch destination)
        {
            Array.Copy(Labels, start, destination.Labels, 0, destination.Count);
            ParallelWork.For(destination.Count, i => DecodeFile(start + i, destination.Image(i)), _parallelism);
        }

        protected override void ReadManyCore(ReadOnlySpan<int> ids, ImageBatch destination)
        {
            int[] labels = Labels;
            int[] idArray = ids.ToArray();
            for (int i = 0; i < idArray.Length; i++)
            {
                destination.Labels[i] = labels[idArray[i]];
            }

            ParallelWork.For(idArray.Length, i => DecodeFile(idArray[i], destination.Image(i)), _parallelism);
        }

        private void DecodeFile(int id, Span<byte> pixels)
        {
            string file = ImageFile(Path, id);
            SafeFileHandle handle;
            try
            {
                handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.Read);
            }
            catch (FileNotFoundException e)
            {
                throw new ImageNotFoundException(Path, id, $"{file} does not exist ({e.Message}).");
            }

            using (handle)
            {
                long length = RandomAccess.GetLength(handle);
                if (length > int.MaxValue / 2)
                {
                    throw new CorruptStoreException(file, id, $"is {length} bytes, too large to be one image.");
                }

                byte[] buffer = ArrayPool<byte>.Shared.Rent((int)length);
                try
                {
                    int read = PositionedRead.Fill(handle, buffer.AsSpan(0, (int)length), 0);

                    PngCodec.Decode(buffer.AsSpan(0, read), pixels, Shape, file, id);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
    }

    private sealed class Writer : StoreWriter
    {
        private readonly string? _temp;
        private readonly string _directory;
        private readonly bool _replace;
        private readonly List<int> _labels;

        public Writer(string path, string? temp, ImageShape shape, int[] existingLabels, bool replace)
            : base(path, shape, existingLabels.Length)
        {
            _temp = temp;
            _replace = replace;
            _directory = temp ?? path;
            _labels = [.. existingLabels];
        }

        protected override void WriteOne(int id, ReadOnlySpan<byte> pixels, int label)
        {
            EncodeFile(id, pixels);
            _labels.Add(label);
        }

        protected override void WriteMany(int firstId, ImageBatch batch)
        {
            ParallelWork.For(batch.Count, i => EncodeFile(firstId + i, batch.Image(i)));
            _labels.AddRange(batch.Labels);
        }

        protected override void Publish()
        {
            // One syncfs makes every image durable before the labels and the count that make them visible.
            AtomicPublish.SyncFileSystem(_directory);
            AtomicPublish.WriteFile(System.IO.Path.Combine(_directory, LabelsCsv.FileName), LabelsCsv.Format(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_labels)));
            StoreManifest.For(Format, 1, Shape, Count).Write(_directory);
            if (_temp is not null)
            {
                AtomicPublish.Publish(_temp, Path, _replace);
            }
        }

        protected override void Dispose(bool discard)
        {
            if (!discard)
            {
                return;
            }

            if (_temp is not null)
            {
                AtomicPublish.Delete(_temp);
                return;
            }

            // Files of an append that was never committed are invisible; remove them so they do not linger.
            for (int id = CommittedCount; id < Count; id++)
            {
                File.Delete(ImageFile(_directory, id));
            }
        }

        private void EncodeFile(int id, ReadOnlySpan<byte> pixels)
        {
            using var encoded = PngCodec.Encode(pixels, Shape);
            using var handle = File.OpenHandle(ImageFile(_directory, id), FileMode.Create, FileAccess.Write, FileShare.None);
            RandomAccess.Write(handle, encoded.AsSpan(), 0);
        }
    }
}
