using System.Buffers;
using ImageStorage.IO;

namespace ImageStorage.S3;

/// <summary>
/// Reads an S3 store through the parts' indexes loaded at open: a batch is planned into GETs (<see cref="S3ReadPlan"/>),
/// at most <see cref="StoreOptions.S3Concurrency"/> in flight at once, each written straight into the destination when
/// it holds exactly one image. An object that is gone makes the reader ask whether the manifest changed: a writer
/// replaced the store (<see cref="StoreReplacedException"/>) or the image is missing (<see cref="ImageNotFoundException"/>).
/// With <see cref="StoreOptions.S3CacheFolder"/>, each fetch reads the whole object's copy in the cache (<see cref="S3Cache"/>)
/// instead, every image checked against its checksum.
/// </summary>
internal sealed class S3Reader : StoreReader
{
    private readonly S3Bucket _bucket;
    private readonly S3Layout _layout;
    private readonly string _etag;
    private readonly S3PartIndex[] _parts;
    private readonly int[] _firstIds;
    private readonly int _concurrency;
    private readonly S3Cache? _cache;

    private S3Reader(S3Bucket bucket, StoreKind kind, StoreManifest manifest, string etag, S3PartIndex[] parts, S3Layout layout, StoreOptions options, S3Cache? cache)
        : base(bucket.Location.Uri, kind, manifest.Shape, manifest.Count ?? 0, manifest.Traits(options))
    {
        _bucket = bucket;
        _layout = layout;
        _etag = etag;
        _parts = parts;
        _firstIds = parts.Select(p => p.FirstId).ToArray();
        _concurrency = options.S3Concurrency;
        _cache = cache;
    }

    /// <summary>Opens the store <paramref name="snapshot"/> describes, reading through <paramref name="bucket"/>, which the reader then owns.</summary>
    public static S3Reader Open(S3Bucket bucket, S3Snapshot snapshot, StoreKind kind, S3Layout layout, StoreOptions options)
    {
        S3Cache? cache = null;
        try
        {
            cache = options.S3CacheFolder is { } folder ? S3Cache.Acquire(folder, options.S3CacheBytes) : null;
            var parts = S3Bucket.Wait(S3PartIndex.LoadAllAsync(bucket, snapshot.Manifest, snapshot.ETag, options.S3Concurrency));
            return new S3Reader(bucket, kind, snapshot.Manifest, snapshot.ETag, parts, layout, options, cache);
        }
        catch
        {
            cache?.Release();
            bucket.Dispose();
            throw;
        }
    }

    protected override int ReadOne(int id, Span<byte> pixels, bool verify)
    {
        var one = ImageBatch.Allocate(Shape, 1);
        S3Bucket.Wait(ReadAsync([id], one, verify));
        one.Pixels.CopyTo(pixels);
        return one.Labels[0];
    }

    protected override void ReadRangeCore(int start, ImageBatch destination, bool verify) =>
        S3Bucket.Wait(ReadAsync(Enumerable.Range(start, destination.Count).ToArray(), destination, verify));

    protected override void ReadManyCore(ReadOnlySpan<int> ids, ImageBatch destination, bool verify) =>
        S3Bucket.Wait(ReadAsync(ids.ToArray(), destination, verify));

    protected override void Dispose(bool disposing)
    {
        _cache?.Release();
        _bucket.Dispose();
    }

    private async Task ReadAsync(int[] ids, ImageBatch destination, bool verify)
    {
        var located = Locate(ids);
        var plan = S3ReadPlan.For(_layout, _bucket.Location, located);
        var labels = destination.LabelMemory;
        for (int i = 0; i < located.Length; i++)
        {
            labels.Span[located[i].Slot] = located[i].Entry.Label;
        }

        await S3Bucket.ForEach(plan.Fetches, _concurrency, (fetch, _) => new ValueTask(_cache is null
            ? FetchAsync(fetch, plan.Targets, destination)
            : FetchCachedAsync(fetch, plan.Targets, destination, verify))).ConfigureAwait(false);
        if (verify && _cache is null)
        {
            foreach (var image in located)
            {
                if (image.Part.Checksum(image.Id) is { } expected)
                {
                    ImageChecksum.Check(Path, image.Id, destination.Image(image.Slot), image.Entry.Label, expected);
                }
            }
        }
    }

    // Where every id is, each checked against the store's raw image size.
    private S3LocatedImage[] Locate(int[] ids)
    {
        var located = new S3LocatedImage[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            int p = Array.BinarySearch(_firstIds, ids[i]);
            var part = _parts[p >= 0 ? p : ~p - 1];
            var entry = part.Entry(ids[i]);
            if (entry.Length != Shape.ByteCount)
            {
                throw new CorruptStoreException(part.IndexUri, ids[i], $"the index gives {entry.Length} bytes; an image of shape {Shape} has {Shape.ByteCount}.");
            }

            located[i] = new S3LocatedImage(i, ids[i], part, entry);
        }

        return located;
    }

    private async Task FetchAsync(S3Fetch fetch, S3Target[] targets, ImageBatch destination)
    {
        int size = Shape.ByteCount;
        var first = targets[fetch.First];
        if (fetch.Count == 1 && first.Offset == 0 && fetch.Length == size)
        {
            // One image: straight into its place in the batch.
            long got = await _bucket.ReadAsync(fetch.Key, fetch.Offset, destination.PixelMemory.Slice(first.Slot * size, size)).ConfigureAwait(false);
            if (got != fetch.Length)
            {
                throw await FailureAsync(fetch, first, got).ConfigureAwait(false);
            }

            return;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(fetch.Length);
        try
        {
            long got = await _bucket.ReadAsync(fetch.Key, fetch.Offset, buffer.AsMemory(0, fetch.Length)).ConfigureAwait(false);
            if (got != fetch.Length)
            {
                throw await FailureAsync(fetch, first, got).ConfigureAwait(false);
            }

            for (int t = fetch.First; t < fetch.First + fetch.Count; t++)
            {
                buffer.AsSpan((int)targets[t].Offset, size).CopyTo(destination.PixelMemory.Span.Slice(targets[t].Slot * size, size));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Through the cache, every image checked whatever VerifyChecksums says: a cached copy that fails is deleted and fetched once more.
    private async Task FetchCachedAsync(S3Fetch fetch, S3Target[] targets, ImageBatch destination, bool verify)
    {
        while (true)
        {
            using var file = await _cache!.OpenAsync(_bucket, fetch.Key, fetch.ObjectLength).ConfigureAwait(false);
            if (file is null)
            {
                // Not cached (too large, no room, or not the object the index describes): read as without a cache, which reports what is wrong.
                await FetchAsync(fetch, targets, destination).ConfigureAwait(false);
                if (verify)
                {
                    for (int t = fetch.First; t < fetch.First + fetch.Count; t++)
                    {
                        if (fetch.Part.Checksum(targets[t].Id) is { } expected)
                        {
                            ImageChecksum.Check(Path, targets[t].Id, destination.Image(targets[t].Slot), destination.Labels[targets[t].Slot], expected);
                        }
                    }
                }

                return;
            }

            if (ReadCached(file, fetch, targets, destination) is not { } failure)
            {
                return;
            }

            file.Discard();
            if (file.Fresh)
            {
                throw new CorruptStoreException(_bucket.Location.UriOf(fetch.Key), failure.Id, $"{failure.Reason}, in a copy just fetched from the service.");
            }
        }
    }

    // Copies the fetch's images out of the cached file, checking each; returns the first that fails and why, or null.
    private (int Id, string Reason)? ReadCached(S3CachedFile file, S3Fetch fetch, S3Target[] targets, ImageBatch destination)
    {
        int size = Shape.ByteCount;
        long start = Math.Max(fetch.Offset, 0);
        if (IsOneRun(fetch, targets, size))
        {
            // Back to back in the file and in the batch (a block of neighbouring ids): one read straight into place.
            var run = destination.PixelMemory.Span.Slice(targets[fetch.First].Slot * size, fetch.Length);
            int read = ReadFully(file, run, start);
            for (int t = fetch.First; t < fetch.First + fetch.Count; t++)
            {
                if (CheckCached(fetch, targets[t], destination, read) is { } failure)
                {
                    return failure;
                }
            }

            return null;
        }

        // One positioned read for the fetch's whole range: a block of neighbouring images is one syscall, not one each.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(fetch.Length);
        try
        {
            int got = ReadFully(file, buffer.AsSpan(0, fetch.Length), start);
            for (int t = fetch.First; t < fetch.First + fetch.Count; t++)
            {
                var target = targets[t];
                if (got >= target.Offset + size)
                {
                    buffer.AsSpan((int)target.Offset, size).CopyTo(destination.PixelMemory.Span.Slice(target.Slot * size, size));
                }

                if (CheckCached(fetch, target, destination, got) is { } failure)
                {
                    return failure;
                }
            }

            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // True if the fetch's images lie back to back both in the fetched range and in consecutive slots of the batch.
    private static bool IsOneRun(S3Fetch fetch, S3Target[] targets, int size)
    {
        var first = targets[fetch.First];
        if (first.Offset != 0 || fetch.Length != fetch.Count * size)
        {
            return false;
        }

        for (int i = 1; i < fetch.Count; i++)
        {
            var target = targets[fetch.First + i];
            if (target.Slot != first.Slot + i || target.Offset != (long)i * size)
            {
                return false;
            }
        }

        return true;
    }

    // Reads until the span is full or the file ends; returns the bytes read.
    private static int ReadFully(S3CachedFile file, Span<byte> into, long offset)
    {
        int got = 0, n;
        while (got < into.Length && (n = RandomAccess.Read(file.Handle, into[got..], offset + got)) > 0)
        {
            got += n;
        }

        return got;
    }

    // The image of a target, already in its slot if the copy held it (got bytes of the fetch's range): checked against its checksum.
    private (int Id, string Reason)? CheckCached(S3Fetch fetch, S3Target target, ImageBatch destination, int got)
    {
        int size = Shape.ByteCount;
        if (got < target.Offset + size)
        {
            return (target.Id, $"the cached copy ends {Math.Max(0, got - target.Offset)} bytes into the image's {size}");
        }

        var pixels = destination.PixelMemory.Span.Slice(target.Slot * size, size);
        return fetch.Part.Checksum(target.Id) is { } expected && ImageChecksum.Mismatch(pixels, destination.Labels[target.Slot], expected) is { } reason
            ? (target.Id, reason)
            : null;
    }

    // A GET that did not return the bytes the index promised: the store replaced, the object gone, or cut short.
    private async Task<ImageStoreException> FailureAsync(S3Fetch fetch, S3Target first, long got)
    {
        string uri = _bucket.Location.UriOf(fetch.Key);
        if (got < 0)
        {
            return await _bucket.ETagAsync(_bucket.Location.Key(S3Keys.Manifest)).ConfigureAwait(false) != _etag
                ? new StoreReplacedException(Path, first.Id, $"{uri} is gone")
                : new ImageNotFoundException(Path, first.Id, $"its object {uri} does not exist.");
        }

        return new CorruptStoreException(uri, first.Id, fetch.Offset < 0
            ? $"truncated: the object holds {got} bytes where the index expects {fetch.Length}."
            : $"truncated: {got} bytes at offset {fetch.Offset} where the index expects {fetch.Length}.");
    }
}
