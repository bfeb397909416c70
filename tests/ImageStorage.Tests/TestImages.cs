using ImageStorage.Datasets;

namespace ImageStorage.Tests;

/// <summary>Images and stores the tests share: always the seeded synthetic set, so failures reproduce.</summary>
public static class TestImages
{
    public static readonly StoreKind[] AllKinds = Enum.GetValues<StoreKind>();

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
