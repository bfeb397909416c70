using ImageStorage.S3;

namespace ImageStorage.Tests.S3;

/// <summary>Both S3 layouts give back exactly the bytes and labels they were given, by every read path, through a real Ceph RGW.</summary>
[Collection(SharedCephRgw.Name)]
public class S3RoundTripTests
{
    /// <summary>Shards of 32 images, so that ranges and id lists cross shard boundaries.</summary>
    public static readonly StoreOptions SmallShards = new() { S3ShardBytes = 100_000 };

    /// <summary>The S3 kinds: one object per image, and shards.</summary>
    public static readonly StoreKind[] S3Kinds = [.. Enum.GetValues<StoreKind>().Where(ImageStores.IsObjectStorage)];

    public static TheoryData<StoreKind> Kinds() => new(S3Kinds);

    public static TheoryData<StoreKind, int> Cases()
    {
        var data = new TheoryData<StoreKind, int>();
        foreach (var kind in S3Kinds)
        {
            foreach (int count in new[] { 0, 1, 10, 1000 })
            {
                data.Add(kind, count);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_read_path_returns_the_bytes_written_and_verify_finds_them_good(StoreKind kind, int count)
    {
        var batch = TestImages.Batch(count, ImageShape.Cifar10);
        string location = CephRgw.NewLocation();
        ImageStores.Write(kind, location, batch, SmallShards);

        Assert.Equal(kind, ImageStores.Detect(location));
        using var store = ImageStores.Open(location, new StoreOptions { VerifyChecksums = true });
        Assert.Equal(kind, store.Kind);
        Assert.Equal(location, store.Path);
        Assert.True(store.HasChecksums);
        TestImages.AssertEveryReadPath(batch, store);
        var report = store.Verify();
        Assert.True(report.IsValid, string.Join("; ", report.BadImages));
        Assert.Equal(count, report.Count);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Appends_add_parts_whose_ids_follow_on_and_an_uncommitted_append_leaves_nothing(StoreKind kind)
    {
        var batch = TestImages.Batch(60, ImageShape.Cifar10);
        string location = CephRgw.NewLocation();
        using (var writer = ImageStores.Create(kind, location, batch.Shape, SmallShards))
        {
            for (int id = 0; id < 5; id++)
            {
                Assert.Equal(id, writer.Add(batch.Image(id), batch.Labels[id]));
            }

            writer.AddMany(batch.Slice(5, 20));
            writer.Commit();
        }

        var committedKeys = CephRgw.Keys(location);
        using (var uncommitted = ImageStores.Append(location, SmallShards))
        {
            uncommitted.AddMany(TestImages.Batch(40, ImageShape.Cifar10, seed: 5));
        }

        Assert.Equal(committedKeys.Order(), CephRgw.Keys(location).Order());
        using (var writer = ImageStores.Append(location, SmallShards))
        {
            Assert.Equal(25, writer.Count);
            writer.AddMany(batch.Slice(25, 35));
            writer.Commit();
        }

        using var store = ImageStores.Open(location);
        TestImages.AssertEveryReadPath(batch, store);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void An_overwrite_needs_to_be_asked_for_and_removes_the_replaced_stores_objects(StoreKind kind)
    {
        string location = CephRgw.NewLocation();
        ImageStores.Write(kind, location, TestImages.Batch(30, ImageShape.Cifar10), SmallShards);
        var before = CephRgw.Keys(location);

        var e = Assert.Throws<ImageStoreException>(() => ImageStores.Create(kind, location, ImageShape.Cifar10));
        Assert.Contains("already exists", e.Message, StringComparison.Ordinal);
        var other = kind == StoreKind.S3Objects ? StoreKind.S3Shards : StoreKind.S3Objects;
        Assert.Throws<NotAStoreException>(() => ImageStores.Create(other, location, ImageShape.Cifar10, new StoreOptions { Overwrite = true }));

        var replacement = TestImages.Batch(12, ImageShape.Cifar10, seed: 3);
        ImageStores.Write(kind, location, replacement, SmallShards with { Overwrite = true });
        using var store = ImageStores.Open(location);
        TestImages.AssertEqual(replacement, store.ReadAll());
        Assert.DoesNotContain(CephRgw.Keys(location).Intersect(before), k => !k.EndsWith(S3Keys.Manifest, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Of_two_writers_that_started_from_the_same_store_only_the_first_to_commit_wins(StoreKind kind)
    {
        var original = TestImages.Batch(8, ImageShape.Cifar10);
        string location = CephRgw.NewLocation();
        ImageStores.Write(kind, location, original);

        using var first = ImageStores.Append(location);
        using var second = ImageStores.Append(location);
        first.AddMany(TestImages.Batch(4, ImageShape.Cifar10, seed: 1));
        second.AddMany(TestImages.Batch(6, ImageShape.Cifar10, seed: 2));
        first.Commit();
        var e = Assert.Throws<ImageStoreException>(second.Commit);
        Assert.Contains("another writer committed", e.Message, StringComparison.Ordinal);

        using var store = ImageStores.Open(location);
        Assert.Equal(12, store.Count);
        TestImages.AssertEqual(ImageBatch.Concat([original, TestImages.Batch(4, ImageShape.Cifar10, seed: 1)]), store.ReadAll());
        // The loser's part was deleted with it: two parts' objects, no third.
        Assert.Equal(2, CephRgw.Keys(location).Count(k => k.EndsWith("/" + S3Keys.Index, StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_reader_of_a_store_that_is_replaced_is_told_to_open_it_again(StoreKind kind)
    {
        string location = CephRgw.NewLocation();
        ImageStores.Write(kind, location, TestImages.Batch(10, ImageShape.Cifar10));
        using var store = ImageStores.Open(location);
        ImageStores.Write(kind, location, TestImages.Batch(10, ImageShape.Cifar10, seed: 4), new StoreOptions { Overwrite = true });

        var e = Assert.Throws<StoreReplacedException>(() => store.Read(3, new byte[ImageShape.Cifar10.ByteCount]));
        Assert.Equal(3, e.ImageId);
        using var reopened = ImageStores.Open(location);
        TestImages.AssertEqual(TestImages.Batch(10, ImageShape.Cifar10, seed: 4), reopened.ReadAll());
    }
}
