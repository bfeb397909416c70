using ImageStorage.Datasets;

namespace ImageStorage.Tests;

/// <summary>Images and stores the tests share: always the seeded synthetic set, so failures reproduce.</summary>
public static class TestImages
{
    /// <summary>Every kind whose stores live at a local path: the shared theories run on each (the S3 kinds have their own tests, against a real RGW).</summary>
    public static readonly StoreKind[] LocalKinds = [.. Enum.GetValues<StoreKind>().Where(k => !ImageStores.IsObjectStorage(k))];

    public static ImageBatch Batch(int count, ImageShape shape, ulong seed = 7) => SyntheticImages.Generate(count, shape, seed);

    /// <summary>True if a store of <paramref name="kind"/> is one file (HDF5, SQLite, Arrow) rather than a directory.</summary>
    public static bool IsFile(StoreKind kind) => !StoreFormats.Of(kind).IsDirectory;

    public static string StorePath(TempDirectory dir, StoreKind kind, string stem = "store") => dir.Combine(ImageStores.DefaultName(kind, stem));

    /// <summary>Writes a committed store of <paramref name="batch"/> and returns its path.</summary>
    public static string Write(TempDirectory dir, StoreKind kind, ImageBatch batch, string stem = "store")
    {
        string path = StorePath(dir, kind, stem);
        ImageStores.Write(kind, path, batch);
        return path;
    }

    /// <summary>Asserts that <paramref name="store"/> holds exactly <paramref name="batch"/> by every read path: all, a range, shuffled ids, one image.</summary>
    public static void AssertEveryReadPath(ImageBatch batch, IImageStore store)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(store);
        int count = batch.Count;
        Assert.Equal(batch.Shape, store.Shape);
        Assert.Equal(count, store.Count);
        AssertEqual(batch, store.ReadAll());
        if (count == 0)
        {
            return;
        }

        int start = count / 3;
        int length = Math.Max(1, count / 2);
        AssertEqual(batch.Slice(start, length), store.ReadRange(start, length));

        int[] ids = Enumerable.Range(0, count).ToArray();
        new Random(11).Shuffle(ids);
        var shuffled = store.ReadMany(ids);
        for (int i = 0; i < ids.Length; i++)
        {
            Assert.True(batch.Image(ids[i]).SequenceEqual(shuffled.Image(i)), $"shuffled read {i} (id {ids[i]}) differs");
            Assert.Equal(batch.Labels[ids[i]], shuffled.Labels[i]);
        }

        var one = new byte[batch.Shape.ByteCount];
        int last = count - 1;
        Assert.Equal(batch.Labels[last], store.Read(last, one));
        Assert.True(batch.Image(last).SequenceEqual(one));
    }

    /// <summary>Asserts that two batches hold the same images and labels, naming the first image that differs.</summary>
    public static void AssertEqual(ImageBatch expected, ImageBatch actual)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(expected.Image(i).SequenceEqual(actual.Image(i)), $"image {i} differs");
            Assert.True(expected.Labels[i] == actual.Labels[i], $"label {i}: expected {expected.Labels[i]}, got {actual.Labels[i]}");
        }
    }
}
