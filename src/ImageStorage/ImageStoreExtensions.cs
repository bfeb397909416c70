namespace ImageStorage;

/// <summary>Conveniences over <see cref="IImageStore"/> that allocate the result.</summary>
public static class ImageStoreExtensions
{
    /// <summary>Reads images [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) into a new batch.</summary>
    public static ImageBatch ReadRange(this IImageStore store, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(store);
        var batch = ImageBatch.Allocate(store.Shape, count);
        store.ReadRange(start, batch);
        return batch;
    }

    /// <summary>Reads every image of the store into a new batch.</summary>
    public static ImageBatch ReadAll(this IImageStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.ReadRange(0, store.Count);
    }

    /// <summary>Reads the images <paramref name="ids"/> into a new batch.</summary>
    public static ImageBatch ReadMany(this IImageStore store, ReadOnlySpan<int> ids)
    {
        ArgumentNullException.ThrowIfNull(store);
        var batch = ImageBatch.Allocate(store.Shape, ids.Length);
        store.ReadMany(ids, batch);
        return batch;
    }
}
