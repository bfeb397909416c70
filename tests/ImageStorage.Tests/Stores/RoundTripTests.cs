namespace ImageStorage.Tests.Stores;

/// <summary>Every backend gives back exactly the bytes and labels it was given, by every read path.</summary>
public class RoundTripTests
{
    public static TheoryData<StoreKind, int, int, int, int> Cases()
    {
        var data = new TheoryData<StoreKind, int, int, int, int>();
        foreach (var kind in TestImages.LocalKinds)
        {
            foreach (int count in new[] { 0, 1, 10, 1000 })
            {
                data.Add(kind, 32, 32, 3, count);
            }

            data.Add(kind, 28, 28, 1, 10);
            data.Add(kind, 256, 256, 3, 10);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void StoreMany_then_every_read_path_returns_the_same_bytes(StoreKind kind, int height, int width, int channels, int count)
    {
        using var dir = new TempDirectory();
        var shape = new ImageShape(height, width, channels);
        var batch = TestImages.Batch(count, shape);
        string path = TestImages.Write(dir, kind, batch);

        using var store = ImageStores.Open(path);
        TestImages.AssertEveryReadPath(batch, store);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Store_one_at_a_time_and_append_later_keeps_every_image(StoreKind kind)
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(7, ImageShape.Cifar10);
        string path = TestImages.StorePath(dir, kind);
        using (var writer = ImageStores.Create(kind, path, batch.Shape))
        {
            for (int id = 0; id < 4; id++)
            {
                writer.Add(batch.Image(id), batch.Labels[id]);
            }

            writer.Commit();
        }

        using (var writer = ImageStores.Append(path))
        {
            Assert.Equal(4, writer.Count);
            writer.Add(batch.Image(4), batch.Labels[4]);
            writer.AddMany(batch.Slice(5, 2));
            writer.Commit();
        }

        using var store = ImageStores.Open(path);
        TestImages.AssertEqual(batch, store.ReadAll());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Reads_from_several_threads_at_once_are_correct(StoreKind kind)
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(200, ImageShape.Cifar10);
        string path = TestImages.Write(dir, kind, batch);
        using var store = ImageStores.Open(path);
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 4 }, t =>
        {
            var part = store.ReadRange(t * 25, 25);
            TestImages.AssertEqual(batch.Slice(t * 25, 25), part);
        });
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Ranges_and_id_lists_large_enough_to_be_split_over_the_cores_read_back_exactly(StoreKind kind)
    {
        using var dir = new TempDirectory();
        // The stores split reads of 2,048 images or more over the cores.
        var batch = TestImages.Batch(2100, ImageShape.Cifar10);
        string path = TestImages.Write(dir, kind, batch);
        using var store = ImageStores.Open(path);
        TestImages.AssertEqual(batch.Slice(40, 2060), store.ReadRange(40, 2060));
        int[] ids = Enumerable.Range(0, 2100).ToArray();
        new Random(5).Shuffle(ids);
        TestImages.AssertEqual(batch.Gather(ids), store.ReadMany(ids));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Class_names_are_recorded_and_survive_an_append(StoreKind kind)
    {
        using var dir = new TempDirectory();
        string path = TestImages.StorePath(dir, kind);
        var batch = TestImages.Batch(6, ImageShape.Cifar10);
        string[] classes = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];
        ImageStores.Write(kind, path, batch, new StoreOptions { ClassNames = classes });
        using (var writer = ImageStores.Append(path))
        {
            writer.AddMany(batch);
            writer.Commit();
        }

        using var store = ImageStores.Open(path);
        Assert.Equal(classes, store.ClassNames);
        Assert.Equal(12, store.Count);

        string plain = TestImages.Write(dir, kind, batch, "plain");
        using var without = ImageStores.Open(plain);
        Assert.Null(without.ClassNames);
    }

    public static TheoryData<StoreKind> Kinds() => new(TestImages.LocalKinds);
}
