using ImageStorage.IO;

namespace ImageStorage;

/// <summary>Conveniences over <see cref="IImageStore"/>: reads that allocate the result, and reads into spans of any memory.</summary>
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

    /// <summary>Reads images from <paramref name="start"/> into caller memory of any kind: labels.Length images, their pixels into <paramref name="pixels"/>.</summary>
    public static unsafe void ReadRange(this IImageStore store, int start, Span<byte> pixels, Span<int> labels)
    {
        ArgumentNullException.ThrowIfNull(store);
        // Pinned for the duration of the call only: no store keeps a destination after a read returns.
        fixed (byte* p = pixels)
        fixed (int* l = labels)
        {
            using var pixelMemory = new PointerMemory<byte>(p, pixels.Length);
            using var labelMemory = new PointerMemory<int>(l, labels.Length);
            store.ReadRange(start, new ImageBatch(store.Shape, pixelMemory.Memory, labelMemory.Memory));
        }
    }

    /// <summary>Reads the images <paramref name="ids"/> into caller memory of any kind: their pixels into <paramref name="pixels"/>, their labels into <paramref name="labels"/>.</summary>
    public static unsafe void ReadMany(this IImageStore store, ReadOnlySpan<int> ids, Span<byte> pixels, Span<int> labels)
    {
        ArgumentNullException.ThrowIfNull(store);
        fixed (byte* p = pixels)
        fixed (int* l = labels)
        {
            using var pixelMemory = new PointerMemory<byte>(p, pixels.Length);
            using var labelMemory = new PointerMemory<int>(l, labels.Length);
            store.ReadMany(ids, new ImageBatch(store.Shape, pixelMemory.Memory, labelMemory.Memory));
        }
    }
}
