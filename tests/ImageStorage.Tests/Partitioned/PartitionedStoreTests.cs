using System.Buffers.Binary;
using System.Text.Json;
using ImageStorage.Partitioned;

namespace ImageStorage.Tests.Partitioned;

/// <summary>A store split into parts gives back every image byte-exact through each part, its source ids, and any combination of parts.</summary>
public class PartitionedStoreTests
{
    private const int N = 100;

    public static TheoryData<StoreKind> Kinds() => new(TestImages.LocalKinds);

    /// <summary>Four parts of scattered ids, one of them empty, so views cross part boundaries and skip an empty part.</summary>
    public static int[][] ScatteredParts(int count, int seed = 5)
    {
        int[] ids = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(ids);
        int a = count * 3 / 10, b = count * 45 / 100;
        return
        [
            [.. ids[..a].Order()],
            [],
            [.. ids[a..(a + b)].Order()],
            ids[(a + b)..], // left in shuffled order: a part keeps whatever order it is given
        ];
    }

    public static ImageBatch Gather(ImageBatch batch, IEnumerable<int> ids)
    {
        int[] list = ids.ToArray();
        var result = ImageBatch.Allocate(batch.Shape, list.Length);
        for (int i = 0; i < list.Length; i++)
        {
            batch.Image(list[i]).CopyTo(result.Image(i));
            result.Labels[i] = batch.Labels[list[i]];
        }

        return result;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_part_and_every_view_reads_back_byte_exact(StoreKind kind)
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(N, ImageShape.Cifar10);
        int[][] parts = ScatteredParts(N);
        string path = dir.Combine("split");
        PartitionedStore.Write(kind, path, batch, parts);

        using var store = PartitionedStore.Open(path);
        Assert.Equal(kind, store.Kind);
        Assert.Equal(ImageShape.Cifar10, store.Shape);
        Assert.Equal(parts.Length, store.PartCount);
        Assert.Equal(N, store.Count);
        for (int p = 0; p < parts.Length; p++)
        {
            Assert.True(store.SourceIds(p).SequenceEqual(parts[p]), $"source ids of part {p} differ from those written");
            using var part = store.Part(p);
            Assert.Equal(parts[p].Length, part.Count);
            TestImages.AssertEqual(Gather(batch, parts[p]), part.ReadAll());
        }

        // Parts in another order than stored, the empty one in the middle.
        int[] order = [3, 1, 0, 2];
        int[] viewIds = order.SelectMany(p => parts[p]).ToArray();
        var expected = Gather(batch, viewIds);
        using var view = store.Combined(order);
        Assert.Equal(N, view.Count);
        Assert.Equal(path, view.Path);
        TestImages.AssertEqual(expected, view.ReadAll());

        // From inside part 3, across the empty part 1 and all of part 0, into part 2.
        int start = parts[3].Length - 5;
        int length = 5 + parts[0].Length + 5;
        TestImages.AssertEqual(expected.Slice(start, length), view.ReadRange(start, length));

        // A range inside one part, not at its start.
        TestImages.AssertEqual(expected.Slice(parts[3].Length + 3, 10), view.ReadRange(parts[3].Length + 3, 10));

        int[] shuffled = Enumerable.Range(0, N).ToArray();
        new Random(11).Shuffle(shuffled);
        TestImages.AssertEqual(Gather(expected, shuffled), view.ReadMany(shuffled));

        // Ids all in part 0 (the third segment of the view): the single-part path with shifted ids.
        int[] inOnePart = Enumerable.Range(parts[3].Length, parts[0].Length).Reverse().ToArray();
        TestImages.AssertEqual(Gather(expected, inOnePart), view.ReadMany(inOnePart));

        var pixels = new byte[ImageShape.Cifar10.ByteCount];
        foreach (int id in new[] { 0, parts[3].Length - 1, parts[3].Length, N - 1 })
        {
            int label = view.Read(id, pixels);
            Assert.True(expected.Image(id).SequenceEqual(pixels), $"single read of view id {id} differs");
            Assert.True(expected.Labels[id] == label, $"label of view id {id}: expected {expected.Labels[id]}, got {label}");
        }
    }

    [Fact]
    public void On_disk_layout_is_the_documented_one()
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(20, ImageShape.Cifar10);
        int[][] parts = [[1, 3, 5, 7, 9, 11, 13, 15, 17, 19], [0, 2, 4, 6, 8, 10, 12, 14, 16, 18]];
        string path = dir.Combine("split");
        PartitionedStore.Write(StoreKind.Hdf5, path, batch, parts);

        string[] names = Directory.EnumerateFileSystemEntries(path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        Assert.Equal(["part-0.h5", "part-0.ids", "part-1.h5", "part-1.ids", "partitions.json"], names);

        byte[] ids = File.ReadAllBytes(Path.Combine(path, "part-1.ids"));
        Assert.Equal(10 * sizeof(int), ids.Length);
        for (int i = 0; i < 10; i++)
        {
            Assert.True(BinaryPrimitives.ReadInt32LittleEndian(ids.AsSpan(i * 4)) == parts[1][i], $"id {i} of part-1.ids is not little-endian {parts[1][i]}");
        }

        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(path, "partitions.json")));
        var root = json.RootElement;
        Assert.Equal("imagestorage-partitioned", root.GetProperty("format").GetString());
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal("Hdf5", root.GetProperty("kind").GetString());
        Assert.Equal(32, root.GetProperty("height").GetInt32());
        Assert.Equal(3, root.GetProperty("channels").GetInt32());
        Assert.Equal([10, 10], root.GetProperty("partCounts").EnumerateArray().Select(e => e.GetInt32()));

        // Each part is an ordinary store that opens on its own.
        using var part = ImageStores.Open(Path.Combine(path, "part-0.h5"));
        TestImages.AssertEqual(Gather(batch, parts[0]), part.ReadAll());
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path, ".*"));
    }

    [Fact]
    public void Part_ids_that_miss_an_id_are_refused_naming_it_and_nothing_is_written()
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(10, ImageShape.Cifar10);
        string path = dir.Combine("split");
        var e = Assert.Throws<ArgumentException>(() => PartitionedStore.Write(StoreKind.Raw, path, batch, [[0, 1, 2, 3], [4, 5, 6, 8, 9]]));
        Assert.Contains("Id 7 ", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Part_ids_that_list_an_id_twice_are_refused_naming_it()
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(10, ImageShape.Cifar10);
        string path = dir.Combine("split");
        var e = Assert.Throws<ArgumentException>(() => PartitionedStore.Write(StoreKind.Raw, path, batch, [[0, 1, 2, 3, 4], [4, 5, 6, 7, 8, 9]]));
        Assert.Contains("Id 4 ", e.Message, StringComparison.Ordinal);
        Assert.Contains("part 0 and in part 1", e.Message, StringComparison.Ordinal);

        var outside = Assert.Throws<ArgumentException>(() => PartitionedStore.Write(StoreKind.Raw, path, batch, [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9, 10]]));
        Assert.Contains("id 10", outside.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Writing_over_a_store_needs_Overwrite_and_never_replaces_something_else()
    {
        using var dir = new TempDirectory();
        var first = TestImages.Batch(10, ImageShape.Cifar10, seed: 1);
        var second = TestImages.Batch(10, ImageShape.Cifar10, seed: 2);
        string path = dir.Combine("split");
        PartitionedStore.Write(StoreKind.Raw, path, first, [[.. Enumerable.Range(0, 10)]]);

        Assert.Throws<ImageStoreException>(() => PartitionedStore.Write(StoreKind.Png, path, second, [[.. Enumerable.Range(0, 10)]]));
        PartitionedStore.Write(StoreKind.Png, path, second, [[.. Enumerable.Range(0, 5)], [.. Enumerable.Range(5, 5)]], new StoreOptions { Overwrite = true });
        using (var store = PartitionedStore.Open(path))
        {
            Assert.Equal(StoreKind.Png, store.Kind);
            Assert.Equal(2, store.PartCount);
            TestImages.AssertEqual(second, store.Combined([0, 1]).ReadAll());
        }

        string raw = TestImages.Write(dir, StoreKind.Raw, first, "plain");
        var e = Assert.Throws<NotAStoreException>(() => PartitionedStore.Write(StoreKind.Raw, raw, second, [[.. Enumerable.Range(0, 10)]], new StoreOptions { Overwrite = true }));
        Assert.Equal(raw, e.StorePath);
        using var untouched = ImageStores.Open(raw);
        TestImages.AssertEqual(first, untouched.ReadAll());
    }

    [Fact]
    public void A_directory_without_a_manifest_is_not_a_store()
    {
        using var dir = new TempDirectory();
        string path = TestImages.Write(dir, StoreKind.Raw, TestImages.Batch(3, ImageShape.Cifar10));
        var e = Assert.Throws<NotAStoreException>(() => PartitionedStore.Open(path));
        Assert.Equal(path, e.StorePath);
        Assert.Contains("partitions.json", e.Message, StringComparison.Ordinal);
        Assert.Throws<NotAStoreException>(() => PartitionedStore.Open(dir.Combine("absent")));
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("""{ "format": "imagestorage-partitioned", "version": 2, "kind": "Raw", "height": 32, "width": 32, "channels": 3, "partCounts": [10] }""")]
    [InlineData("""{ "format": "imagestorage-partitioned", "version": 1, "height": 32, "width": 32, "channels": 3, "partCounts": [10] }""")]
    [InlineData("""{ "format": "imagestorage-partitioned", "version": 1, "kind": "Tiff", "height": 32, "width": 32, "channels": 3, "partCounts": [10] }""")]
    [InlineData("""{ "format": "imagestorage-partitioned", "version": 1, "kind": "Raw", "height": 32, "width": 32, "channels": 2, "partCounts": [10] }""")]
    [InlineData("""{ "format": "imagestorage-partitioned", "version": 1, "kind": "Raw", "height": 32, "width": 32, "channels": 3, "partCounts": [] }""")]
    [InlineData("""{ "format": "imagestorage-partitioned", "version": 1, "kind": "Raw", "height": 32, "width": 32, "channels": 3, "partCounts": [-1] }""")]
    public void A_damaged_manifest_is_a_corrupt_store(string manifest)
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("split");
        PartitionedStore.Write(StoreKind.Raw, path, TestImages.Batch(10, ImageShape.Cifar10), [[.. Enumerable.Range(0, 10)]]);
        File.WriteAllText(Path.Combine(path, "partitions.json"), manifest);
        var e = Assert.Throws<CorruptStoreException>(() => PartitionedStore.Open(path));
        Assert.Equal(Path.Combine(path, "partitions.json"), e.StorePath);
    }

    [Fact]
    public void A_part_whose_count_disagrees_with_the_manifest_is_corrupt_and_named()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("split");
        var batch = TestImages.Batch(10, ImageShape.Cifar10);
        PartitionedStore.Write(StoreKind.Raw, path, batch, [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]);

        // Part 1 replaced by an ordinary store of 4 images: the manifest still says 5.
        string part1 = Path.Combine(path, "part-1");
        ImageStores.Write(StoreKind.Raw, part1, batch.Slice(5, 4), new StoreOptions { Overwrite = true });
        var e = Assert.Throws<CorruptStoreException>(() => PartitionedStore.Open(path));
        Assert.Equal(part1, e.StorePath);
        Assert.Contains("holds 4 images", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_deleted_part_is_reported_with_its_path(StoreKind kind)
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("split");
        PartitionedStore.Write(kind, path, TestImages.Batch(10, ImageShape.Cifar10), [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]);
        string part1 = Path.Combine(path, ImageStores.DefaultName(kind, "part-1"));
        Assert.True(File.Exists(part1) || Directory.Exists(part1), $"{part1} was not written");
        if (TestImages.IsFile(kind))
        {
            File.Delete(part1);
        }
        else
        {
            Directory.Delete(part1, recursive: true);
        }

        var e = Assert.Throws<CorruptStoreException>(() => PartitionedStore.Open(path));
        Assert.Equal(part1, e.StorePath);
        Assert.Contains(part1, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Damaged_source_ids_are_corrupt()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("split");
        PartitionedStore.Write(StoreKind.Raw, path, TestImages.Batch(10, ImageShape.Cifar10), [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]);
        string ids = Path.Combine(path, "part-1.ids");
        byte[] original = File.ReadAllBytes(ids);

        File.WriteAllBytes(ids, original[..^4]);
        Assert.Equal(ids, Assert.Throws<CorruptStoreException>(() => PartitionedStore.Open(path)).StorePath);

        // Part 1 now claims id 2, which part 0 holds.
        byte[] duplicate = (byte[])original.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(duplicate, 2);
        File.WriteAllBytes(ids, duplicate);
        var e = Assert.Throws<CorruptStoreException>(() => PartitionedStore.Open(path));
        Assert.Contains("source id 2", e.Message, StringComparison.Ordinal);

        File.Delete(ids);
        Assert.Equal(ids, Assert.Throws<CorruptStoreException>(() => PartitionedStore.Open(path)).StorePath);
    }

    [Fact]
    public void Views_are_checked_and_do_not_own_the_parts()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("split");
        var batch = TestImages.Batch(10, ImageShape.Cifar10);
        PartitionedStore.Write(StoreKind.Raw, path, batch, [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]);
        var store = PartitionedStore.Open(path);

        Assert.Throws<ArgumentOutOfRangeException>(() => store.Part(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Combined([0, -1]));
        Assert.Throws<ArgumentException>(() => store.Combined([1, 1]));
        using (var view = store.Combined([1, 0]))
        {
            var e = Assert.Throws<ImageIdOutOfRangeException>(() => view.ReadRange(8, 3));
            Assert.Equal(10, e.ImageId);
        }

        // Disposing a view leaves the store and its parts open.
        store.Part(0).Dispose();
        TestImages.AssertEqual(batch.Slice(0, 5), store.Part(0).ReadAll());

        var part = store.Part(1);
        store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => part.ReadAll());
        Assert.Throws<ObjectDisposedException>(() => store.Combined([0]));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_view_read_from_four_threads_at_once_is_correct(StoreKind kind)
    {
        using var dir = new TempDirectory();
        const int count = 240;
        var batch = TestImages.Batch(count, ImageShape.Cifar10);
        int[][] parts = ScatteredParts(count);
        string path = dir.Combine("split");
        PartitionedStore.Write(kind, path, batch, parts);
        using var store = PartitionedStore.Open(path);
        int[] order = [2, 3, 1, 0];
        using var view = store.Combined(order);
        var expected = Gather(batch, order.SelectMany(p => parts[p]));

        // Four dedicated threads released together, so the reads really overlap.
        using var start = new Barrier(4);
        var readers = Enumerable.Range(0, 4).Select(t => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            var random = new Random(t);
            for (int round = 0; round < 5; round++)
            {
                // Ranges that straddle part boundaries, and scattered ids, differently on every thread.
                int at = random.Next(count - 100);
                TestImages.AssertEqual(expected.Slice(at, 100), view.ReadRange(at, 100));
                int[] ids = Enumerable.Range(0, 50).Select(_ => random.Next(count)).ToArray();
                TestImages.AssertEqual(Gather(expected, ids), view.ReadMany(ids));
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        await Task.WhenAll(readers);
    }
}
