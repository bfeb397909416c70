namespace ImageStorage;

/// <summary>
/// The one way to create, append to and open a store of any <see cref="StoreKind"/>. Every store records its kind,
/// so appending and opening detect it from the path.
/// </summary>
public static class ImageStores
{
    /// <summary>The conventional file or directory name of a store of <paramref name="kind"/> called <paramref name="stem"/> (HDF5 stores are one <c>.h5</c> file).</summary>
    public static string DefaultName(StoreKind kind, string stem) => StoreFormats.Of(kind).DefaultName(stem);

    /// <summary>The name of <paramref name="kind"/> as people write it ("LMDB", "HDF5", "RocksDB"), for tables, charts and messages.</summary>
    public static string DisplayName(StoreKind kind) => StoreFormats.Of(kind).DisplayName;

    /// <summary>True if a store of <paramref name="kind"/> lives in S3-compatible object storage at <c>s3://bucket/prefix</c> rather than at a local path.</summary>
    public static bool IsObjectStorage(StoreKind kind) => StoreFormats.Of(kind).IsObjectStorage;

    /// <summary>The record encodings a store of <paramref name="kind"/> can hold.</summary>
    public static IReadOnlyList<RecordEncoding> Encodings(StoreKind kind) => StoreFormats.Of(kind).Encodings;

    /// <summary>Starts a new store of <paramref name="kind"/> that appears at <paramref name="path"/> on commit.</summary>
    public static IImageStoreWriter Create(StoreKind kind, string path, ImageShape shape, StoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= StoreOptions.Default;
        shape.Validate();
        var format = StoreFormats.Of(kind);
        if (!format.Encodings.Contains(options.Encoding))
        {
            throw new ArgumentException($"A {format.DisplayName} store cannot hold {options.Encoding} records (it holds {string.Join(", ", format.Encodings)}).", nameof(options));
        }

        return format.Create(path, shape, options);
    }

    /// <summary>Starts adding images to the existing store at <paramref name="path"/>, whatever its kind.</summary>
    public static IImageStoreWriter Append(string path, StoreOptions? options = null)
    {
        var format = FormatAt(path);
        var writer = format.Append(path, options ?? StoreOptions.Default);
        if (!format.IsObjectStorage)
        {
            // An overwrite killed midway left its temporary store beside this one; the next writer, append or not, removes it.
            IO.AtomicPublish.RemoveLeftoversBeside(path);
        }

        return writer;
    }

    /// <summary>Opens the store at <paramref name="path"/> for reading, whatever its kind.</summary>
    public static IImageStore Open(string path, StoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                using var probe = StoreProbe.Of(path);
                var format = StoreFormats.Detect(probe) ?? throw new NotAStoreException(path, $"not an image store: {probe.Describe()}.");
                return format.Open(probe, options ?? StoreOptions.Default);
            }
            catch (StoreReplacedException) when (attempt < 10)
            {
                // A writer exchanged a new store into the path while this one was being opened: open the new one.
            }
        }
    }

    /// <summary>The kind of the store at <paramref name="path"/>, or null if it is not a store any kind recognises.</summary>
    public static StoreKind? Detect(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var probe = StoreProbe.Of(path);
        return StoreFormats.Detect(probe)?.Kind;
    }

    /// <summary>Writes <paramref name="batch"/> as a new store at <paramref name="path"/> and commits it.</summary>
    public static void Write(StoreKind kind, string path, ImageBatch batch, StoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var writer = Create(kind, path, batch.Shape, options);
        writer.AddMany(batch);
        writer.Commit();
    }

    private static StoreFormat FormatAt(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var probe = StoreProbe.Of(path);
        return StoreFormats.Detect(probe) ?? throw new NotAStoreException(path, $"not an image store: {probe.Describe()}.");
    }
}
