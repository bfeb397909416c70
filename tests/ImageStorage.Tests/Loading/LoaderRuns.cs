using ImageStorage.Loading;

namespace ImageStorage.Tests.Loading;

/// <summary>A batch as a test saw it: copied out of the loader's reused buffers.</summary>
public sealed record SeenBatch(int Epoch, int Index, int[] Ids, int[] Labels, byte[] Bytes, float[] Floats)
{
    /// <summary>A key equal for batches with the same place, ids, labels and pixels.</summary>
    public string Key => $"{Epoch}/{Index}:{string.Join(',', Ids)}|{string.Join(',', Labels)}|{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Bytes))}|{Floats.Length}:{(Floats.Length == 0 ? 0 : Floats.Sum())}";
}

/// <summary>Stores and loader runs the loader tests share.</summary>
public static class LoaderRuns
{
    /// <summary>A small shape, so that thousands of images make a quick store.</summary>
    public static readonly ImageShape Small = new(4, 4, 3);

    /// <summary>Writes <paramref name="count"/> seeded images of <paramref name="shape"/> as a store of <paramref name="kind"/>; returns the images too.</summary>
    public static (string Path, ImageBatch Images) Store(TempDirectory dir, int count, ImageShape shape, StoreKind kind = StoreKind.Raw)
    {
        var images = TestImages.Batch(count, shape);
        return (TestImages.Write(dir, kind, images), images);
    }

    /// <summary>Every batch of <paramref name="loader"/> (at most <paramref name="max"/>), copied.</summary>
    public static List<SeenBatch> Collect(BatchLoader loader, int max = int.MaxValue)
    {
        var seen = new List<SeenBatch>();
        while (seen.Count < max && loader.MoveNext())
        {
            seen.Add(Copy(loader.Current));
        }

        return seen;
    }

    /// <summary>Every batch a new loader over <paramref name="path"/> yields.</summary>
    public static List<SeenBatch> Run(string path, LoaderOptions options, LoaderState? resume = null, StoreOptions? storeOptions = null)
    {
        using var store = ImageStores.Open(path, storeOptions);
        using var loader = new BatchLoader(store, options, resume);
        return Collect(loader);
    }

    /// <summary>A copy of what a batch holds.</summary>
    public static SeenBatch Copy(LoaderBatch batch) => new(
        batch.Epoch,
        batch.Index,
        batch.Ids.ToArray(),
        batch.Labels.ToArray(),
        batch.Layout == BatchLayout.NchwFloat32 ? [] : batch.Bytes.ToArray(),
        batch.Layout == BatchLayout.NchwFloat32 ? batch.Floats.ToArray() : []);

    /// <summary>Asserts that each NHWC batch holds exactly the stored images and labels of its ids.</summary>
    public static void AssertStoredPixels(IEnumerable<SeenBatch> batches, ImageBatch images)
    {
        int size = images.Shape.ByteCount;
        foreach (var batch in batches)
        {
            for (int i = 0; i < batch.Ids.Length; i++)
            {
                int id = batch.Ids[i];
                Assert.True(images.Image(id).SequenceEqual(batch.Bytes.AsSpan(i * size, size)), $"epoch {batch.Epoch} batch {batch.Index}: image {i} (id {id}) differs from the stored one");
                Assert.True(images.Labels[id] == batch.Labels[i], $"epoch {batch.Epoch} batch {batch.Index}: label {i} (id {id}) is {batch.Labels[i]}, stored {images.Labels[id]}");
            }
        }
    }

    /// <summary>The ids of every batch of <paramref name="epoch"/>, in order.</summary>
    public static int[] EpochIds(IEnumerable<SeenBatch> batches, int epoch) =>
        batches.Where(b => b.Epoch == epoch).OrderBy(b => b.Index).SelectMany(b => b.Ids).ToArray();
}
