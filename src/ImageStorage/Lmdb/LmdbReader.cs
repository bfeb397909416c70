using ImageStorage.IO;
using ImageStorage.Png;
using ImageStorage.Records;
using LightningDB;

namespace ImageStorage.Lmdb;

/// <summary>
/// Reads records straight out of LMDB's memory map: one read transaction per call (LMDB readers take no locks and see
/// one committed state), a cursor walk for ranges, split over the cores for large ones.
/// </summary>
internal sealed class LmdbReader : StoreReader
{
    // Below this many images, starting a second thread costs more than it saves.
    private const int ParallelThreshold = 2048;

    private readonly LmdbEnvironment _environment;
    private readonly byte _recordVersion;
    private readonly byte _encoding;
    private readonly int _parallelism;
    private readonly PngImageCodec _codec;

    public LmdbReader(string path, LmdbEnvironment environment, StoreManifest manifest, StoreOptions options)
        : base(path, StoreKind.Lmdb, manifest.Shape, manifest.Count ?? 0, manifest.Traits(options))
    {
        _environment = environment;
        _recordVersion = manifest.HasChecksums ? ImageRecord.Version : (byte)1;
        _encoding = ImageRecord.EncodingByte(manifest.RecordEncoding);
        _parallelism = options.DecodeParallelism > 0 ? options.DecodeParallelism : Environment.ProcessorCount;
        _codec = PngImageCodec.For(options.PngCodec, manifest.Shape);
    }

    protected override int ReadOne(int id, Span<byte> pixels, bool verify)
    {
        using var scope = _environment.BeginRead();
        return ReadRecord(scope.Transaction, id, pixels, verify);
    }

    protected override void ReadRangeCore(int start, ImageBatch destination, bool verify)
    {
        // Copying out of the map is bound by memory latency per record, not bandwidth: large ranges are split
        // over the cores, each chunk in its own read transaction (LMDB readers never block one another).
        int chunks = destination.Count >= ParallelThreshold ? _parallelism : 1;
        ParallelWork.ForChunks(destination.Count, chunks, (from, to) => ReadChunk(start + from, destination.Slice(from, to - from), verify));
    }

    protected override void ReadManyCore(ReadOnlySpan<int> ids, ImageBatch destination, bool verify)
    {
        using var scope = _environment.BeginRead();
        var labels = destination.Labels;
        for (int i = 0; i < ids.Length; i++)
        {
            labels[i] = ReadRecord(scope.Transaction, ids[i], destination.Image(i), verify);
        }
    }

    protected override void Dispose(bool disposing) => _environment.Dispose();

    // Reads images [start, start + destination.Count) with one cursor walk.
    private void ReadChunk(int start, ImageBatch destination, bool verify)
    {
        using var scope = _environment.BeginRead();
        using var cursor = scope.Transaction.CreateCursor(_environment.Database);
        Span<byte> key = stackalloc byte[RecordKey.Size];
        RecordKey.Write(start, key);
        var code = cursor.SetRange(key);
        var (_, foundKey, value) = code == MDBResultCode.Success ? cursor.GetCurrent() : default;
        var labels = destination.Labels;
        for (int i = 0; i < destination.Count; i++)
        {
            int id = start + i;
            if (code != MDBResultCode.Success || RecordKey.Parse(foundKey.AsSpan()) != id)
            {
                throw Missing(id, code);
            }

            labels[i] = Unpack(value.AsSpan(), id, destination.Image(i), verify);
            if (i + 1 < destination.Count)
            {
                // Next() hands back the record it moves to: one native call per image.
                (code, foundKey, value) = cursor.Next();
            }
        }
    }

    private int ReadRecord(LightningTransaction transaction, int id, Span<byte> pixels, bool verify)
    {
        Span<byte> key = stackalloc byte[RecordKey.Size];
        RecordKey.Write(id, key);
        var (code, _, value) = transaction.Get(_environment.Database, key);
        return code == MDBResultCode.Success ? Unpack(value.AsSpan(), id, pixels, verify) : throw Missing(id, code);
    }

    private int Unpack(ReadOnlySpan<byte> value, int id, Span<byte> pixels, bool verify) =>
        ImageRecord.Unpack(value, _recordVersion, _codec, _encoding, Path, id, pixels, verify);

    private ImageStoreException Missing(int id, MDBResultCode code) => code == MDBResultCode.NotFound
        ? new ImageNotFoundException(Path, id, "no LMDB record under its key.")
        : new CorruptStoreException(Path, id, $"LMDB read failed: {LmdbEnvironment.Describe(code)}.");
}
