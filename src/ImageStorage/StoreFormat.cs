namespace ImageStorage;

/// <summary>
/// One store kind as the library knows it: its name on disk, how it recognises a store of its own, and how it
/// creates, appends to and opens one. Every kind is registered once, in <see cref="StoreFormats"/>.
/// </summary>
internal abstract class StoreFormat
{
    /// <summary>The kind this format implements.</summary>
    public abstract StoreKind Kind { get; }

    /// <summary>Name of the kind for messages ("LMDB", "HDF5").</summary>
    public abstract string DisplayName { get; }

    /// <summary>True if a store of this kind is a directory; false if it is one file.</summary>
    public abstract bool IsDirectory { get; }

    /// <summary>True if a store of this kind lives in object storage at an <c>s3://bucket/prefix</c> location, not at a local path.</summary>
    public virtual bool IsObjectStorage => false;

    /// <summary>The record encodings this kind can hold.</summary>
    public virtual IReadOnlyList<RecordEncoding> Encodings => [RecordEncoding.Raw];

    /// <summary>The conventional file or directory name of a store called <paramref name="stem"/>.</summary>
    public virtual string DefaultName(string stem) => stem;

    /// <summary>True if <paramref name="probe"/> looks like a store of this kind (cheap: no store is opened).</summary>
    public abstract bool Recognizes(StoreProbe probe);

    /// <summary>Starts a new store that appears at <paramref name="path"/> on commit; the shape and options are checked.</summary>
    public abstract IImageStoreWriter Create(string path, ImageShape shape, StoreOptions options);

    /// <summary>Starts adding images to the existing store at <paramref name="path"/>.</summary>
    public abstract IImageStoreWriter Append(string path, StoreOptions options);

    /// <summary>Opens the store <paramref name="probe"/> looked at, for reading.</summary>
    public abstract IImageStore Open(StoreProbe probe, StoreOptions options);
}
