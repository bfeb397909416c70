using ImageStorage.IO;
using ImageStorage.TarShards;

namespace ImageStorage.S3;

/// <summary>
/// One committed part as a reader holds it, loaded when the store is opened: its <c>index.bin</c> (the tar-shard
/// store's 20-byte entries: shard, offset, length, label — shard and offset 0 in the object-per-image layout) and
/// its <c>checksums.crc32</c>, so that a read knows where every image is and its label without asking the service.
/// </summary>
internal sealed class S3PartIndex
{
    private readonly byte[] _index;
    private readonly uint[]? _checksums;
    // Computed on first use, by the cached reads only; computing it twice in a race is harmless.
    private Dictionary<int, long>? _shardLengths;

    private S3PartIndex(string name, int firstId, int count, byte[] index, uint[]? checksums, string indexUri)
    {
        Name = name;
        FirstId = firstId;
        Count = count;
        _index = index;
        _checksums = checksums;
        IndexUri = indexUri;
    }

    /// <summary>The part's folder under the store's prefix.</summary>
    public string Name { get; }

    /// <summary>The id of its first image.</summary>
    public int FirstId { get; }

    /// <summary>How many images it holds.</summary>
    public int Count { get; }

    /// <summary>The index object's URI, for messages.</summary>
    public string IndexUri { get; }

    /// <summary>Loads the index (and checksums, if the store has them) of every part <paramref name="manifest"/> lists, <paramref name="concurrency"/> parts at a time.</summary>
    public static async Task<S3PartIndex[]> LoadAllAsync(S3Bucket bucket, StoreManifest manifest, string etag, int concurrency)
    {
        var parts = manifest.Parts ?? [];
        var loaded = new S3PartIndex[parts.Length];
        var firstIds = new int[parts.Length];
        for (int p = 1; p < parts.Length; p++)
        {
            firstIds[p] = firstIds[p - 1] + parts[p - 1].Count;
        }

        await S3Bucket.ForEach(Enumerable.Range(0, parts.Length), concurrency, async (p, _) =>
        {
            var part = parts[p];
            string indexKey = bucket.Location.Key(S3Keys.In(part.Name, S3Keys.Index));
            byte[] index = await LoadAsync(bucket, indexKey, (long)part.Count * ShardIndex.EntrySize, etag).ConfigureAwait(false);
            uint[]? checksums = null;
            if (manifest.HasChecksums)
            {
                string key = bucket.Location.Key(S3Keys.In(part.Name, S3Keys.Checksums));
                byte[] bytes = await LoadAsync(bucket, key, (long)part.Count * sizeof(uint), etag).ConfigureAwait(false);
                checksums = ChecksumsFile.Parse(bytes, part.Count, bucket.Location.UriOf(key));
            }

            loaded[p] = new S3PartIndex(part.Name, firstIds[p], part.Count, index, checksums, bucket.Location.UriOf(indexKey));
        }).ConfigureAwait(false);
        return loaded;
    }

    /// <summary>The index entry of image <paramref name="id"/> (an id of this part).</summary>
    public ShardEntry Entry(int id) => ShardIndex.Read(_index.AsSpan((id - FirstId) * ShardIndex.EntrySize, ShardIndex.EntrySize), IndexUri, id);

    /// <summary>The stored checksum of image <paramref name="id"/>, or null if the store has none.</summary>
    public uint? Checksum(int id) => _checksums?[id - FirstId];

    /// <summary>How many bytes shard object <paramref name="shard"/> holds, as the index says: the end of its last image, since shards hold images back to back.</summary>
    public long ShardLength(int shard) => (_shardLengths ??= ShardLengths()).GetValueOrDefault(shard);

    private Dictionary<int, long> ShardLengths()
    {
        var lengths = new Dictionary<int, long>();
        for (int id = FirstId; id < FirstId + Count; id++)
        {
            var entry = Entry(id);
            lengths[entry.Shard] = Math.Max(lengths.GetValueOrDefault(entry.Shard), entry.End);
        }

        return lengths;
    }

    /// <summary>A part's index or checksums object, which must be exactly <paramref name="length"/> bytes.</summary>
    private static async Task<byte[]> LoadAsync(S3Bucket bucket, string key, long length, string etag)
    {
        string uri = bucket.Location.UriOf(key);
        if (await bucket.TryGetAsync(key).ConfigureAwait(false) is not { } found)
        {
            // Gone between the manifest's GET and this one: a writer replaced the store; ImageStores.Open tries again.
            if (await bucket.ETagAsync(bucket.Location.Key(S3Keys.Manifest)).ConfigureAwait(false) != etag)
            {
                throw new StoreReplacedException(bucket.Location.Uri, $"{uri} is gone");
            }

            throw new CorruptStoreException(uri, "missing: the manifest lists its part, but the object does not exist.");
        }

        return found.Bytes.LongLength == length ? found.Bytes
            : throw new CorruptStoreException(uri, $"holds {found.Bytes.LongLength} bytes; the part's images need {length}.");
    }
}
