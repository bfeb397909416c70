namespace ImageStorage;

/// <summary>
/// A store opened for reading. Ids are dense: 0 .. <see cref="Count"/> − 1. Every read method is safe to call
/// from several threads at once on the same instance, and reads one committed state of the store: a writer that
/// replaces or appends to it meanwhile is never half seen.
/// </summary>
public interface IImageStore : IDisposable
{
    /// <summary>The store's file or directory.</summary>
    string Path { get; }

    /// <summary>The kind of store (for a view over several stores, the kind of its parts).</summary>
    StoreKind Kind { get; }

    /// <summary>How the records hold their images: raw pixels, or PNG bytes decoded on read.</summary>
    RecordEncoding Encoding { get; }

    /// <summary>True if every image was stored with a checksum (stores written before checksums existed have none).</summary>
    bool HasChecksums { get; }

    /// <summary>The names of the classes the labels stand for (label i is ClassNames[i]), if the store records them.</summary>
    IReadOnlyList<string>? ClassNames { get; }

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

    /// <summary>Reads every image, checks each against its stored checksum, and names every image that is bad.</summary>
    VerifyReport Verify(IProgress<int>? progress = null, CancellationToken cancellationToken = default);
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

    /// <summary>Number of images in the store once committed: those there before plus those added since.</summary>
    int Count { get; }

    /// <summary>Adds one image with its label under the next id, <see cref="Count"/>, and returns that id.</summary>
    int Add(ReadOnlySpan<byte> pixels, int label);

    /// <summary>Adds every image of <paramref name="batch"/> under ids <see cref="Count"/>, <see cref="Count"/> + 1, …</summary>
    void AddMany(ImageBatch batch);

    /// <summary>Makes everything added visible at <see cref="Path"/> in one atomic step, durable on disk; the writer is finished after it.</summary>
    void Commit();
}
