using ImageStorage.S3;

namespace ImageStorage.Tests.S3;

/// <summary>
/// A reader with <see cref="StoreOptions.S3CacheFolder"/> reads the same images as one without, serves later reads from
/// its copies (even once the objects are gone from the bucket), notices a damaged or cut copy and fetches it again, and
/// keeps its folder within <see cref="StoreOptions.S3CacheBytes"/>.
/// </summary>
[Collection(SharedCephRgw.Name)]
public class S3CacheTests
{
    private const int Damaged = 17;

    public static TheoryData<StoreKind> Kinds() => S3RoundTripTests.Kinds();

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_cached_reader_returns_what_an_uncached_one_does_by_every_read_path_and_keeps_a_file_per_object(StoreKind kind)
    {
        using var folder = new TempDirectory();
        var batch = TestImages.Batch(100, ImageShape.Cifar10);
        string location = CephRgw.NewLocation();
        ImageStores.Write(kind, location, batch, S3RoundTripTests.SmallShards);

        using (var cached = ImageStores.Open(location, Cached(folder)))
        {
            TestImages.AssertEveryReadPath(batch, cached);
            using var plain = ImageStores.Open(location);
            TestImages.AssertEqual(plain.ReadAll(), cached.ReadAll());
            Assert.True(cached.Verify().IsValid);
        }

        Assert.Equal(DataKeys(location).Select(k => S3Cache.FileName(CephRgw.Bucket, k)).Order(), Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_second_read_is_served_from_the_cache_even_once_the_objects_are_gone_from_the_bucket(StoreKind kind)
    {
        using var folder = new TempDirectory();
        var batch = TestImages.Batch(100, ImageShape.Cifar10);
        string location = CephRgw.NewLocation();
        ImageStores.Write(kind, location, batch, S3RoundTripTests.SmallShards);

        using (var store = ImageStores.Open(location, Cached(folder)))
        {
            TestImages.AssertEqual(batch, store.ReadAll());
            DeleteFromBucket(location, DataKeys(location));
            TestImages.AssertEveryReadPath(batch, store);
        }

        // A new reader counts the files the last one left and reads from them.
        using (var reopened = ImageStores.Open(location, Cached(folder)))
        {
            TestImages.AssertEveryReadPath(batch, reopened);
        }

        using var uncached = ImageStores.Open(location);
        Assert.Throws<ImageNotFoundException>(() => uncached.ReadAll());
    }

    [Fact]
    public void Concurrent_reads_of_one_shard_share_one_download()
    {
        using var folder = new TempDirectory();
        var batch = TestImages.Batch(32, ImageShape.Cifar10);
        string location = CephRgw.NewLocation();
        ImageStores.Write(StoreKind.S3Shards, location, batch, S3RoundTripTests.SmallShards);
        Assert.Single(DataKeys(location));

        using var store = ImageStores.Open(location, Cached(folder));
        const int readers = 8;
        using var start = new Barrier(readers);
        var read = new byte[readers][];
        var threads = Enumerable.Range(0, readers).Select(r => new Thread(() =>
        {
            read[r] = new byte[ImageShape.Cifar10.ByteCount];
            start.SignalAndWait();
            store.Read(r * 4, read[r]);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.All(Enumerable.Range(0, readers), r => Assert.True(batch.Image(r * 4).SequenceEqual(read[r]), $"image {r * 4} differs"));
        // The reader's cache is the one this process has open for the folder.
        var cache = S3Cache.Acquire(folder.Path, StoreOptions.Default.S3CacheBytes);
        try
        {
            Assert.Equal(1, cache.Downloads);
        }
        finally
        {
            cache.Release();
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_damaged_or_cut_cached_copy_is_noticed_deleted_and_fetched_again(StoreKind kind)
    {
        using var folder = new TempDirectory();
        var batch = TestImages.Batch(50, ImageShape.Cifar10);
        string location = CephRgw.NewLocation();
        ImageStores.Write(kind, location, batch, S3RoundTripTests.SmallShards);
        var (key, offset) = CephRgw.WhereIs(location, kind, Damaged);
        string file = CachedFile(folder, location, kind, Damaged);
        var pixels = new byte[ImageShape.Cifar10.ByteCount];

        using (var store = ImageStores.Open(location, Cached(folder)))
        {
            store.Read(Damaged, pixels);
            byte[] original = File.ReadAllBytes(file);

            FlipByte(file, offset + 100);
            Assert.Equal(batch.Labels[Damaged], store.Read(Damaged, pixels));
            Assert.True(batch.Image(Damaged).SequenceEqual(pixels));
            Assert.Equal(original, File.ReadAllBytes(file));

            Cut(file, offset + 10);
            TestImages.AssertEqual(batch, store.ReadAll());
            Assert.Equal(original, File.ReadAllBytes(file));
        }

        // A copy already cut when a reader opens the folder is of the wrong length: fetched again too.
        Cut(file, offset + 10);
        DeleteFromBucket(location, DataKeys(location).Where(k => k != key).ToList());
        using var reopened = ImageStores.Open(location, Cached(folder));
        Assert.Equal(batch.Labels[Damaged], reopened.Read(Damaged, pixels));
        Assert.True(batch.Image(Damaged).SequenceEqual(pixels));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void An_object_damaged_in_the_bucket_is_a_corrupt_store_error_naming_the_object_and_image_and_is_not_kept(StoreKind kind)
    {
        using var folder = new TempDirectory();
        var batch = TestImages.Batch(50, ImageShape.Cifar10);
        string location = CephRgw.NewLocation();
        ImageStores.Write(kind, location, batch, S3RoundTripTests.SmallShards);
        var (key, offset) = CephRgw.WhereIs(location, kind, Damaged);
        CephRgw.FlipByte(location, key, offset + 100);

        // Checked although VerifyChecksums is off: a cached copy is only served once it matches.
        using var store = ImageStores.Open(location, Cached(folder));
        var e = Assert.Throws<CorruptStoreException>(() => store.Read(Damaged, new byte[ImageShape.Cifar10.ByteCount]));
        Assert.Equal(Damaged, e.ImageId);
        Assert.Contains($"s3://{CephRgw.Bucket}/{key}", e.Message, StringComparison.Ordinal);
        Assert.Contains("checksum mismatch", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder.Path, S3Cache.FileName(CephRgw.Bucket, key))));
        Assert.Equal([Damaged], store.Verify().BadImages.Select(b => b.Id));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_cache_folder_stays_within_its_limit_when_the_store_is_larger(StoreKind kind)
    {
        using var folder = new TempDirectory();
        var batch = TestImages.Batch(300, ImageShape.Cifar10);
        string location = CephRgw.NewLocation();
        ImageStores.Write(kind, location, batch, S3RoundTripTests.SmallShards);
        // The store's pixels are 921,600 bytes: a third fits, in shards of 32 images (98,304 bytes) or objects of one.
        const long limit = 300_000;

        using (var store = ImageStores.Open(location, Cached(folder) with { S3CacheBytes = limit }))
        {
            TestImages.AssertEqual(batch.Slice(100, 100), store.ReadRange(100, 100));
            Assert.InRange(FolderBytes(folder), limit * 9 / 10, limit);

            // The cache is full of others: these are cached only if the least recently used make room.
            TestImages.AssertEqual(batch.Slice(268, 32), store.ReadRange(268, 32));
            Assert.All(Enumerable.Range(268, 32), id => Assert.True(File.Exists(CachedFile(folder, location, kind, id)), $"image {id} is not cached"));
            Assert.InRange(FolderBytes(folder), 1, limit);

            TestImages.AssertEqual(batch, store.ReadAll());
            Assert.InRange(FolderBytes(folder), 1, limit);
            int[] ids = [.. Enumerable.Range(0, batch.Count)];
            new Random(3).Shuffle(ids);
            foreach (var chunk in ids.Chunk(40))
            {
                var read = store.ReadMany(chunk);
                for (int i = 0; i < chunk.Length; i++)
                {
                    Assert.True(batch.Image(chunk[i]).SequenceEqual(read.Image(i)), $"image {chunk[i]} differs");
                }

                Assert.InRange(FolderBytes(folder), 1, limit);
            }
        }

        // Files an earlier reader left count at open: a smaller limit evicts down to it before anything is read.
        using (ImageStores.Open(location, Cached(folder) with { S3CacheBytes = limit / 3 }))
        {
            Assert.InRange(FolderBytes(folder), 1, limit / 3);
        }

        // An object larger than the whole cache is read without it.
        using var tiny = new TempDirectory();
        using var small = ImageStores.Open(location, Cached(tiny) with { S3CacheBytes = ImageShape.Cifar10.ByteCount - 1 });
        TestImages.AssertEqual(batch, small.ReadAll());
        Assert.Equal(0, FolderBytes(tiny));
    }

    [Fact]
    public void Bad_cache_options_are_refused_in_one_line_naming_the_option_or_the_folder()
    {
        string location = CephRgw.NewLocation();
        ImageStores.Write(StoreKind.S3Shards, location, TestImages.Batch(3, ImageShape.Cifar10));

        foreach (long bytes in new[] { 0L, -1L })
        {
            var e = Assert.ThrowsAny<ArgumentException>(() => ImageStores.Open(location, new StoreOptions { S3CacheFolder = "/tmp/x", S3CacheBytes = bytes }));
            Assert.Contains("S3CacheBytes", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', e.Message);
        }

        foreach (string folder in new[] { "", "  " })
        {
            var e = Assert.ThrowsAny<ArgumentException>(() => ImageStores.Open(location, new StoreOptions { S3CacheFolder = folder }));
            Assert.Contains("S3CacheFolder", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', e.Message);
        }

        // A folder that cannot be created (its parent is a file) is reported when the store opens.
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.Combine("file"), [1]);
        string under = Path.Combine(temp.Combine("file"), "cache");
        var unusable = Assert.Throws<ImageStoreException>(() => ImageStores.Open(location, new StoreOptions { S3CacheFolder = under }));
        Assert.Contains(under, unusable.Message, StringComparison.Ordinal);
        Assert.Contains("S3 cache folder", unusable.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', unusable.Message);
    }

    private static StoreOptions Cached(TempDirectory folder) => new() { S3CacheFolder = folder.Path };

    private static string CachedFile(TempDirectory folder, string location, StoreKind kind, int id) =>
        Path.Combine(folder.Path, S3Cache.FileName(CephRgw.Bucket, CephRgw.WhereIs(location, kind, id).Key));

    // The objects that hold images: every key but the manifest, indexes and checksums.
    private static List<string> DataKeys(string location) =>
        [.. CephRgw.Keys(location).Where(k => !k.EndsWith(S3Keys.Manifest, StringComparison.Ordinal)
            && !k.EndsWith("/" + S3Keys.Index, StringComparison.Ordinal) && !k.EndsWith("/" + S3Keys.Checksums, StringComparison.Ordinal))];

    private static void DeleteFromBucket(string location, List<string> keys)
    {
        using var bucket = new S3Bucket(S3Location.Parse(location));
        S3Bucket.Wait(bucket.DeleteAsync(keys));
    }

    private static long FolderBytes(TempDirectory folder) =>
        new DirectoryInfo(folder.Path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    // In place, so a reader's open handle sees it.
    private static void FlipByte(string file, long offset)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        int b = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(b ^ 0x5a));
    }

    private static void Cut(string file, long length)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        stream.SetLength(length);
    }
}
