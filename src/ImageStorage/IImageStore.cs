namespace ImageStorage;

/// <summary>
/// A store opened for reading. Ids are dense: 0 .. <see cref="Count"/> − 1. Every read method is safe to call
/// from several threads at once on the same instance.
/// </summary>
public interface IImageStore : IDisposable
{
    /// <summary>The store's file or directory.</summary>
    string Path { get; }

    /// <summary>The shape every image in the store has.</summary>
    ImageShape Shape { get; }

    /// <summary>Number of images stored.</summary>
    int Count { get; }

    /// <summary>Reads image <paramref name="id"/> into <paramref name="pixels"/> (exactly <see cref="ImageShape.ByteCount"/> bytes) and returns its label.</summary>
    int Read(int id, Span<byte> pixels);

    /// <summary>Reads images [<paramref name="start"/>, <paramref name="start"/> + destination.Count) into <paramref name="destination"/>.</summary>
    void ReadRange(int start, ImageBatch destination);

    /// <summary>Reads the images <paramref name="ids"/>, in that order, into <paramref name="destination"/> (one per id).</summary>
    void ReadMany(ReadOnlySpan<int> ids, ImageBatch destination);
}

/// <summary>
/// Adds images to a new store (from <c>Create</c>) or an existing one (from <c>Append</c>). Nothing written is visible
/// to readers until <see cref="Commit"/>, which publishes all of it at once; disposing without committing discards it
/// and leaves whatever was at the path before untouched.
/// </summary>
public interface IImageStoreWriter : IDisposable
{
    /// <summary>The store's file or directory (where it appears on commit).</summary>
    string Path { get; }

    /// <summary>The shape every image must have.</summary>
    ImageShape Shape { get; }

    /// <summary>Number of images in the store once committed: those there before plus those written since.</summary>
    int Count { get; }

    /// <summary>Stores one image under <paramref name="id"/>, which must be the next id, <see cref="Count"/>.</summary>
    void Store(int id, ReadOnlySpan<byte> pixels, int label);

    /// <summary>Stores every image of <paramref name="batch"/> under ids <see cref="Count"/>, <see cref="Count"/> + 1, …</summary>
    void StoreMany(ImageBatch batch);

    /// <summary>Makes everything written visible at <see cref="Path"/> in one atomic step, durable on disk; the writer is finished after it.</summary>
    void Commit();
}
