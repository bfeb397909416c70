using ImageStorage.IO;
using ImageStorage.Records;
using LightningDB;

namespace ImageStorage.Lmdb;

/// <summary>
/// Appends records with a cursor (ids only grow, so no search and no page splits), in one write transaction per
/// add-many or every <c>LmdbRecordsPerTransaction</c> records; the metadata record, written last, commits them.
/// </summary>
internal sealed class LmdbWriter : StoreWriter
{
    private readonly LmdbEnvironment _environment;
    private readonly StoreManifest _manifest;
    private readonly int _recordsPerTransaction;
    private readonly byte _recordVersion;
    private readonly PngCodec _codec;
    private byte[] _value = [];
    private bool _released;

    public LmdbWriter(string path, LmdbEnvironment environment, StoreManifest manifest, StoreOptions options, StoreStaging? staging, StoreLock? storeLock)
        : base(path, manifest.Shape, manifest.Count ?? 0, staging, storeLock)
    {
        _environment = environment;
        _manifest = manifest;
        _recordsPerTransaction = options.LmdbRecordsPerTransaction;
        _codec = options.PngCodec;
        // A store written before checksums existed keeps version 1 records, so all its records stay one version.
        _recordVersion = manifest.HasChecksums ? ImageRecord.Version : (byte)1;
        try
        {
            _environment.BeginWriter();
            if (staging is null)
            {
                // Records past the committed count are leftovers of an append that never committed: clear them, so
                // that new records can always be appended at the end of the tree.
                _environment.WriteWithGrowth(0, DeleteUncommitted);
            }
        }
        catch
        {
            ReleaseEnvironment();
            staging?.Discard();
            storeLock?.Dispose();
            throw;
        }
    }

    protected override void WriteOne(int id, ReadOnlySpan<byte> pixels, int label)
    {
        var one = ImageBatch.Allocate(Shape, 1);
        pixels.CopyTo(one.Pixels);
        one.Labels[0] = label;
        Put(id, one);
    }

    protected override void WriteMany(int firstId, ImageBatch batch)
    {
        int step = _recordsPerTransaction > 0 ? _recordsPerTransaction : batch.Count;
        for (int at = 0; at < batch.Count; at += step)
        {
            int n = Math.Min(step, batch.Count - at);
            Put(firstId + at, batch.Slice(at, n));
        }
    }

    protected override void Seal()
    {
        var manifest = _manifest.WithCount(Count).ToBytes();
        _environment.WriteWithGrowth(manifest.Length + 4096, transaction =>
        {
            // The count read at Append must still be the committed one: the store lock makes this hold across processes.
            var (code, _, value) = transaction.Get(_environment.Database, RecordKey.MetadataKey);
            if (code == MDBResultCode.Success && StoreManifest.Parse(value.AsSpan(), Path).Count != CommittedCount)
            {
                throw new ImageStoreException(Path, "another writer committed to this store meanwhile; this append is abandoned.");
            }

            return transaction.Put(_environment.Database, RecordKey.MetadataKey, manifest, PutOptions.None);
        });
        ReleaseEnvironment();
    }

    protected override void Release(bool discard)
    {
        if (_released)
        {
            return;
        }

        try
        {
            if (discard && !IsStaged && Count > CommittedCount)
            {
                // Records past the committed count are invisible; remove them so they do not hold space.
                _environment.WriteWithGrowth(0, DeleteUncommitted);
            }
        }
        finally
        {
            ReleaseEnvironment();
        }
    }

    private void ReleaseEnvironment()
    {
        if (!_released)
        {
            _released = true;
            _environment.EndWriter();
            _environment.Dispose();
        }
    }

    // Deletes every record from id CommittedCount on.
    private MDBResultCode DeleteUncommitted(LightningTransaction transaction)
    {
        using var cursor = transaction.CreateCursor(_environment.Database);
        Span<byte> key = stackalloc byte[RecordKey.Size];
        RecordKey.Write(CommittedCount, key);
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

    private void Put(int firstId, ImageBatch batch)
    {
        int count = batch.Count;
        // Encoding and checksums on every core first; the write transaction itself is single-threaded.
        var records = RecordBatch.Prepare(batch, _manifest.RecordEncoding, _codec, checksums: _recordVersion >= 2);
        int averageSize = (int)Math.Min(int.MaxValue, ImageRecord.HeaderSizeOf(_recordVersion) + (records.PayloadBytes / Math.Max(1, count)));
        _environment.WriteWithGrowth(LmdbEnvironment.EstimateBytes(count, RecordKey.Size, averageSize), transaction =>
        {
            // Ids only grow and nothing sorts after them, so every record is appended: no search, no page splits.
            using var cursor = transaction.CreateCursor(_environment.Database);
            Span<byte> key = stackalloc byte[RecordKey.Size];
            for (int i = 0; i < count; i++)
            {
                int valueSize = records.RecordSize(i, _recordVersion);
                if (_value.Length < valueSize)
                {
                    _value = new byte[valueSize];
                }

                RecordKey.Write(firstId + i, key);
                records.WriteRecord(i, firstId + i, _recordVersion, _value);
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
