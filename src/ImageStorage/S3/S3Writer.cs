using System.Buffers.Binary;
using ImageStorage.IO;
using ImageStorage.TarShards;

namespace ImageStorage.S3;

/// <summary>
/// Writes a part of its own (<c>part-{host}-{pid}-{random}/</c>, invisible to readers: no manifest lists it) — an
/// object per image, or shards uploaded as they fill while the next one is filled — then on commit its index and
/// checksums, and last the manifest with the part added, by a PUT conditional on the manifest being the one this
/// writer started from (or on there being none), so two writers never both commit over each other. A writer
/// disposed without commit deletes its part; a killed one leaves it to <see cref="S3Leftovers"/>.
/// </summary>
internal sealed class S3Writer : StoreWriter
{
    // Shard uploads in flight while the next shard fills: enough to keep the link busy, few enough to bound memory.
    private const int ShardUploadsInFlight = 3;

    private readonly S3Bucket _bucket;
    private readonly S3Layout _layout;
    private readonly StoreManifest _manifest;
    private readonly string? _etag;
    private readonly ManifestPart[] _replaced;
    private readonly string _part;
    private readonly int _concurrency;
    private readonly long _shardBytes;
    private readonly MemoryStream _index = new();
    private readonly MemoryStream _checksums = new();
    private readonly List<Task> _uploads = [];
    private MemoryStream? _shard;
    private int _shardNumber;
    private bool _published;
    private bool _commitUncertain;

    /// <summary>
    /// Starts a writer that adds a part to <paramref name="manifest"/> (the committed one for an append; a new, empty
    /// one for a create). <paramref name="etag"/> is the committed manifest's ETag the commit must still find (null:
    /// no manifest may exist); <paramref name="replaced"/> are the parts an overwrite replaces, deleted after its commit.
    /// </summary>
    public S3Writer(S3Layout layout, S3Bucket bucket, StoreManifest manifest, string? etag, ManifestPart[] replaced, StoreOptions options)
        : base(bucket.Location.Uri, manifest.Shape, manifest.Count ?? 0, null, null)
    {
        _bucket = bucket;
        _layout = layout;
        _manifest = manifest;
        _etag = etag;
        _replaced = replaced;
        _part = S3Keys.Part(WriterTag.New());
        _concurrency = options.S3Concurrency;
        _shardBytes = options.S3ShardBytes;
    }

    protected override void WriteMany(int firstId, ImageBatch batch)
    {
        int size = Shape.ByteCount;
        var checksums = ImageChecksum.ComputeAll(batch);
        Span<byte> entry = stackalloc byte[ShardIndex.EntrySize];
        Span<byte> sum = stackalloc byte[sizeof(uint)];
        if (_layout == S3Layout.Objects)
        {
            S3Bucket.Wait(S3Bucket.ForEach(Enumerable.Range(0, batch.Count), _concurrency, async (i, _) =>
                await _bucket.PutAsync(_bucket.Location.Key(S3Keys.Image(_part, firstId + i)), batch.PixelMemory.Slice(i * size, size)).ConfigureAwait(false)));
        }

        var labels = batch.Labels;
        for (int i = 0; i < batch.Count; i++)
        {
            var location = new ShardEntry(0, 0, size, labels[i]);
            if (_layout == S3Layout.Shards)
            {
                var shard = ShardWithRoom(size);
                location = location with { Shard = _shardNumber, Offset = shard.Length };
                shard.Write(batch.Image(i));
            }

            ShardIndex.Write(entry, location);
            _index.Write(entry);
            BinaryPrimitives.WriteUInt32LittleEndian(sum, checksums[i]);
            _checksums.Write(sum);
        }
    }

    protected override void Seal()
    {
        if (_shard is { Length: > 0 })
        {
            UploadShard();
        }

        WaitForUploads();
        var parts = _manifest.Parts ?? [];
        int added = Count - CommittedCount;
        if (added > 0)
        {
            S3Bucket.Wait(Task.WhenAll(
                _bucket.PutAsync(_bucket.Location.Key(S3Keys.In(_part, S3Keys.Index)), _index.GetBuffer().AsMemory(0, (int)_index.Length)),
                _bucket.PutAsync(_bucket.Location.Key(S3Keys.In(_part, S3Keys.Checksums)), _checksums.GetBuffer().AsMemory(0, (int)_checksums.Length))));
            parts = [.. parts, new ManifestPart(_part, added)];
        }

        // The commit: readers see the new manifest, and with it this part, or the old one; nothing in between.
        var manifest = _manifest with { Count = Count, Parts = parts };
        string key = _bucket.Location.Key(S3Keys.Manifest);
        // Until the service has answered, this writer's part may be committed: a failure from here on must not delete it.
        _commitUncertain = true;
        if (!S3Bucket.Wait(_bucket.PutAsync(key, manifest.ToBytes(), ifMatch: _etag, ifAbsent: _etag is null)) && !CommittedByThisWriter())
        {
            _commitUncertain = false;
            throw new ImageStoreException(Path, "another writer committed to this store while this one was writing; nothing of this writer's was published.");
        }

        _published = true;
        foreach (var part in _replaced)
        {
            try
            {
                S3Bucket.Wait(_bucket.DeleteAllUnderAsync(_bucket.Location.Key(part.Name) + "/"));
            }
            catch (ImageStoreException)
            {
                // The replaced store's objects are unreachable now (no manifest lists them); they only cost space.
            }
        }
    }

    protected override void Release(bool discard)
    {
        try
        {
            WaitForUploads();
        }
        catch (ImageStoreException) when (discard)
        {
            // A failed upload is deleted with the rest of this writer's part.
        }

        // A commit whose outcome is unknown leaves the part to the next writer, which removes it only if no manifest lists it.
        if (discard && !_published && !_commitUncertain)
        {
            try
            {
                S3Bucket.Wait(_bucket.DeleteAllUnderAsync(_bucket.Location.Key(_part) + "/"));
            }
            catch (ImageStoreException)
            {
                // Unreachable service: the part stays invisible, and the next writer on this host removes it once this process has ended.
            }
        }

        _bucket.Dispose();
    }

    // A retried conditional PUT fails if its first try got through: then the manifest lists this writer's part.
    private bool CommittedByThisWriter()
    {
        var now = S3Snapshot.TryRead(_bucket);
        return now?.Manifest.Parts?.Any(p => p.Name == _part) == true;
    }

    // The shard the next image goes into: the current one while the image fits, else a new one (the full one is uploaded meanwhile).
    private MemoryStream ShardWithRoom(int size)
    {
        if (_shard is { Length: > 0 } full && full.Length + size > _shardBytes)
        {
            UploadShard();
        }

        return _shard ??= new MemoryStream();
    }

    private void UploadShard()
    {
        var shard = _shard!;
        _shard = null;
        if (_uploads.Count >= ShardUploadsInFlight)
        {
            S3Bucket.Wait(_uploads[0]);
            _uploads.RemoveAt(0);
        }

        _uploads.Add(_bucket.PutAsync(_bucket.Location.Key(S3Keys.Shard(_part, _shardNumber)), shard.GetBuffer().AsMemory(0, (int)shard.Length)));
        _shardNumber++;
    }

    private void WaitForUploads()
    {
        try
        {
            foreach (var upload in _uploads)
            {
                S3Bucket.Wait(upload);
            }
        }
        finally
        {
            _uploads.Clear();
        }
    }
}
