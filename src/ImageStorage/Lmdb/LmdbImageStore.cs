using System.Runtime.InteropServices;
using ImageStorage.IO;
using ImageStorage.Png;
using LightningDB;

namespace ImageStorage.Lmdb;

/// <summary>
/// The article's second method: an LMDB environment (a directory holding <c>data.mdb</c> and <c>lock.mdb</c>) with
/// one record per image, the value laid out as <see cref="LmdbRecord"/> documents. The map grows by itself whenever
/// LMDB reports it full, so storing more never fails for lack of map size. Reads copy straight from the memory map.
/// </summary>
public static class LmdbImageStore
{
    internal const string Format = "imagestorage-lmdb";

    /// <summary>Starts a new store that appears at <paramref name="path"/> on commit.</summary>
    public static IImageStoreWriter Create(string path, ImageShape shape, StoreOptions? options = null)
    {
        options ??= StoreOptions.Default;
        shape.Validate();
        StoreGuard.CheckCreate(path, options, IsStore, "LMDB");
        string temp = AtomicPublish.TempSibling(path);
        Directory.CreateDirectory(temp);
        try
        {
            var environment = LmdbEnvironment.Acquire(temp, Math.Max(options.LmdbInitialMapSize, 64 * 1024));
            return new Writer(path, temp, environment, shape, 0, options.Overwrite) { RecordsPerTransaction = options.LmdbRecordsPerTransaction, Encoding = options.Encoding };
        }
        catch
        {
            AtomicPublish.Delete(temp);
            throw;
        }
    }

    /// <summary>Starts adding images to the existing store at <paramref name="path"/>.</summary>
    public static IImageStoreWriter Append(string path) => Append(path, StoreOptions.Default);

    /// <summary>Starts adding images to the existing store at <paramref name="path"/>, with <paramref name="options"/>' transaction size.</summary>
    public static IImageStoreWriter Append(string path, StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RequireStoreDirectory(path);
        var environment = LmdbEnvironment.Acquire(path, initialMapSize: 0);
        try
        {
            var manifest = environment.ReadManifest();
            return new Writer(path, null, environment, manifest.Shape, manifest.Count ?? 0, replace: false) { RecordsPerTransaction = options.LmdbRecordsPerTransaction, Encoding = manifest.RecordEncoding };
        }
        catch
        {
            environment.Dispose();
            throw;
        }
    }

    /// <summary>Opens the store at <paramref name="path"/> for reading.</summary>
    public static IImageStore Open(string path)
    {
        RequireStoreDirectory(path);
        var environment = LmdbEnvironment.Acquire(path, initialMapSize: 0);
        try
        {
            return new Reader(path, environment, environment.ReadManifest());
        }
        catch
        {
            environment.Dispose();
            throw;
        }
    }

    private static bool IsStore(string path)
    {
        if (!File.Exists(System.IO.Path.Combine(path, LmdbEnvironment.DataFile)))
        {
            return false;
        }

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

    private static void RequireStoreDirectory(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!Directory.Exists(path))
        {
            throw new NotAStoreException(path, File.Exists(path) ? "is a file, not an LMDB store directory." : "no such store directory.");
        }

        if (!File.Exists(System.IO.Path.Combine(path, LmdbEnvironment.DataFile)))
        {
            throw new NotAStoreException(path, $"not an LMDB store: {LmdbEnvironment.DataFile} is missing.");
        }
    }

    private sealed class Reader : StoreReader
    {
        // Below this many images, starting a second thread costs more than it saves.
        private const int ParallelThreshold = 2048;

        private readonly LmdbEnvironment _environment;
        private readonly RecordEncoding _encoding;

        public Reader(string path, LmdbEnvironment environment, StoreManifest manifest)
            : base(path, manifest.Shape, manifest.Count ?? 0)
        {
            _environment = environment;
            _encoding = manifest.RecordEncoding;
        }

        protected override int ReadOne(int id, Span<byte> pixels)
        {
            using var scope = _environment.BeginRead();
            return ReadRecord(scope.Transaction, id, pixels);
        }

        protected override void ReadRangeCore(int start, ImageBatch destination)
        {
            // Copying out of the map is bound by memory latency per record, not bandwidth: large ranges are split
            // over the cores, each chunk in its own read transaction (LMDB readers never block one another).
            int chunks = destination.Count >= ParallelThreshold ? Environment.ProcessorCount : 1;
            if (chunks <= 1)
            {
                ReadChunk(start, destination, 0, destination.Count);
                return;
            }

            ParallelWork.For(chunks, c =>
            {
                int from = (int)((long)destination.Count * c / chunks);
                int to = (int)((long)destination.Count * (c + 1) / chunks);
                ReadChunk(start, destination, from, to - from);
            });
        }

        // Reads images [start + from, start + from + count) into destination positions [from, from + count).
        private void ReadChunk(int start, ImageBatch destination, int from, int count)
        {
            using var scope = _environment.BeginRead();
            using var cursor = scope.Transaction.CreateCursor(_environment.Database);
            Span<byte> key = stackalloc byte[LmdbRecord.KeySize];
            LmdbRecord.WriteKey(start + from, key);
            var code = cursor.SetRange(key);
            var (_, foundKey, value) = code == MDBResultCode.Success ? cursor.GetCurrent() : default;
            for (int i = from; i < from + count; i++)
            {
                int id = start + i;
                if (code != MDBResultCode.Success || LmdbRecord.ParseKey(foundKey.AsSpan()) != id)
                {
                    throw Missing(id, code);
                }

                destination.Labels[i] = Unpack(value.AsSpan(), id, destination.Image(i));
                if (i + 1 < from + count)
                {
                    // Next() hands back the record it moves to: one native call per image.
                    (code, foundKey, value) = cursor.Next();
                }
            }
        }

        protected override void ReadManyCore(ReadOnlySpan<int> ids, ImageBatch destination)
        {
            using var scope = _environment.BeginRead();
            for (int i = 0; i < ids.Length; i++)
            {
                destination.Labels[i] = ReadRecord(scope.Transaction, ids[i], destination.Image(i));
            }
        }

        protected override void Dispose(bool disposing) => _environment.Dispose();

        private int ReadRecord(LightningTransaction transaction, int id, Span<byte> pixels)
        {
            Span<byte> key = stackalloc byte[LmdbRecord.KeySize];
            LmdbRecord.WriteKey(id, key);
            var (code, _, value) = transaction.Get(_environment.Database, key);
            if (code != MDBResultCode.Success)
            {
                throw Missing(id, code);
            }

            return Unpack(value.AsSpan(), id, pixels);
        }

        // Checks the record and puts its image into pixels: a copy from the map, or a PNG decode.
        private int Unpack(ReadOnlySpan<byte> value, int id, Span<byte> pixels)
        {
            byte encoding = _encoding == RecordEncoding.Png ? LmdbRecord.PngEncoding : LmdbRecord.RawEncoding;
            var payload = LmdbRecord.Parse(value, Shape, encoding, Path, id, out int label);
            if (encoding == LmdbRecord.RawEncoding)
            {
                payload.CopyTo(pixels);
            }
            else
            {
                PngCodec.Decode(payload, pixels, Shape, Path, id);
            }

            return label;
        }

        private ImageStoreException Missing(int id, MDBResultCode code) => code == MDBResultCode.NotFound
            ? new ImageNotFoundException(Path, id, "no LMDB record under its key.")
            : new CorruptStoreException(Path, id, $"LMDB read failed: {code}.");
    }

    private sealed class Writer : StoreWriter
    {
        private readonly string? _temp;
        private readonly bool _replace;
        private readonly LmdbEnvironment _environment;
        private byte[] _value = [];
        private bool _released;

        public Writer(string path, string? temp, LmdbEnvironment environment, ImageShape shape, int existingCount, bool replace)
            : base(path, shape, existingCount)
        {
            _temp = temp;
            _replace = replace;
            _environment = environment;
            _environment.BeginWriter();
            if (temp is null)
            {
                // Records past the committed count are leftovers of an append that never committed: clear them, so
                // that new records can always be appended at the end of the tree.
                try
                {
                    _environment.WriteWithGrowth(0, DeleteFrom);
                }
                catch
                {
                    ReleaseEnvironment();
                    throw;
                }
            }
        }

        protected override void WriteOne(int id, ReadOnlySpan<byte> pixels, int label) => Put(id, pixels.ToArray(), new[] { label });

        public int RecordsPerTransaction { get; init; }

        public RecordEncoding Encoding { get; init; }

        protected override void WriteMany(int firstId, ImageBatch batch)
        {
            int step = RecordsPerTransaction > 0 ? RecordsPerTransaction : batch.Count;
            for (int at = 0; at < batch.Count; at += step)
            {
                int n = Math.Min(step, batch.Count - at);
                Put(firstId + at, batch.Pixels.AsMemory(at * Shape.ByteCount, n * Shape.ByteCount), batch.Labels.AsMemory(at, n));
            }
        }

        protected override void Publish()
        {
            var manifest = StoreManifest.For(Format, 1, Shape, Count, Encoding).ToBytes();
            _environment.WriteWithGrowth(manifest.Length + 4096, transaction =>
            {
                // The count read at Append must still be the committed one: a second writer would have reused our ids.
                var (code, _, value) = transaction.Get(_environment.Database, LmdbRecord.MetadataKey);
                if (code == MDBResultCode.Success && StoreManifest.Parse(value.AsSpan(), Path).Count != CommittedCount)
                {
                    throw new ImageStoreException(Path, "another writer committed to this store meanwhile; this append is abandoned.");
                }

                return transaction.Put(_environment.Database, LmdbRecord.MetadataKey, manifest, PutOptions.None);
            });
            ReleaseEnvironment();
            if (_temp is not null)
            {
                AtomicPublish.Publish(_temp, Path, _replace);
            }
        }

        protected override void Dispose(bool discard)
        {
            if (!_released)
            {
                if (discard && _temp is null && Count > CommittedCount)
                {
                    // Records past the committed count are invisible; remove them so they do not hold space.
                    _environment.WriteWithGrowth(0, DeleteFrom);
                }

                ReleaseEnvironment();
            }

            if (discard && _temp is not null)
            {
                AtomicPublish.Delete(_temp);
            }
        }

        private void ReleaseEnvironment()
        {
            _environment.EndWriter();
            _environment.Dispose();
            _released = true;
        }

        // Deletes every record from id CommittedCount on.
        private MDBResultCode DeleteFrom(LightningTransaction transaction)
        {
            using var cursor = transaction.CreateCursor(_environment.Database);
            Span<byte> key = stackalloc byte[LmdbRecord.KeySize];
            LmdbRecord.WriteKey(CommittedCount, key);
            var code = cursor.SetRange(key);
            while (code == MDBResultCode.Success)
            {
                code = cursor.Delete();
                if (code != MDBResultCode.Success)
                {
                    return code;
                }

                code = cursor.GetCurrent().resultCode;
            }

            return code == MDBResultCode.NotFound ? MDBResultCode.Success : code;
        }

        private void Put(int firstId, ReadOnlyMemory<byte> pixels, ReadOnlyMemory<int> labels)
        {
            int count = labels.Length;
            byte[][]? encoded = null;
            long payloadBytes = (long)count * Shape.ByteCount;
            if (Encoding == RecordEncoding.Png)
            {
                // Encode on every core first; the write transaction itself is single-threaded.
                encoded = PngCodec.EncodeAll(pixels, Shape, count);
                payloadBytes = encoded.Sum(e => (long)e.Length);
            }

            _environment.WriteWithGrowth(LmdbEnvironment.EstimateBytes(count, LmdbRecord.KeySize, (int)Math.Min(int.MaxValue, LmdbRecord.HeaderSize + (payloadBytes / Math.Max(1, count)))), transaction =>
            {
                // Ids only grow and nothing sorts after them, so every record is appended: no search, no page splits.
                using var cursor = transaction.CreateCursor(_environment.Database);
                Span<byte> key = stackalloc byte[LmdbRecord.KeySize];
                for (int i = 0; i < count; i++)
                {
                    var payload = encoded is null ? pixels.Span.Slice(i * Shape.ByteCount, Shape.ByteCount) : encoded[i];
                    int valueSize = LmdbRecord.HeaderSize + payload.Length;
                    if (_value.Length < valueSize)
                    {
                        _value = new byte[valueSize];
                    }

                    LmdbRecord.WriteKey(firstId + i, key);
                    LmdbRecord.WriteHeader(_value, Shape, labels.Span[i], encoded is null ? LmdbRecord.RawEncoding : LmdbRecord.PngEncoding);
                    payload.CopyTo(_value.AsSpan(LmdbRecord.HeaderSize));
                    var code = cursor.Put(key, _value.AsSpan(0, valueSize), CursorPutOptions.AppendData);
                    if (code != MDBResultCode.Success)
                    {
                        return code;
                    }
                }

                return MDBResultCode.Success;
            });
        }
    }
}
