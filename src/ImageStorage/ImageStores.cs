using ImageStorage.Hdf5;
using ImageStorage.Lmdb;
using ImageStorage.Png;
using ImageStorage.Raw;

namespace ImageStorage;

/// <summary>Creates, appends to and opens a store of any <see cref="StoreKind"/>: the one entry point the benchmarks and tools use.</summary>
public static class ImageStores
{
    /// <summary>The conventional file or directory name of a store of <paramref name="kind"/> (HDF5 stores are one <c>.h5</c> file).</summary>
    public static string DefaultName(StoreKind kind, string stem) => kind == StoreKind.Hdf5 ? stem + ".h5" : stem;

    /// <summary>Starts a new store that appears at <paramref name="path"/> on commit.</summary>
    public static IImageStoreWriter Create(StoreKind kind, string path, ImageShape shape, StoreOptions? options = null) => kind switch
    {
        StoreKind.Raw => RawFileStore.Create(path, shape, options),
        StoreKind.Png => PngDirectoryStore.Create(path, shape, options),
        StoreKind.Lmdb => LmdbImageStore.Create(path, shape, options),
        StoreKind.Hdf5 => Hdf5ImageStore.Create(path, shape, options),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown store kind."),
    };

    /// <summary>Starts adding images to the existing store at <paramref name="path"/>.</summary>
    public static IImageStoreWriter Append(StoreKind kind, string path) => kind switch
    {
        StoreKind.Raw => RawFileStore.Append(path),
        StoreKind.Png => PngDirectoryStore.Append(path),
        StoreKind.Lmdb => LmdbImageStore.Append(path),
        StoreKind.Hdf5 => Hdf5ImageStore.Append(path),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown store kind."),
    };

    /// <summary>Opens the store at <paramref name="path"/> for reading.</summary>
    public static IImageStore Open(StoreKind kind, string path) => kind switch
    {
        StoreKind.Raw => RawFileStore.Open(path),
        StoreKind.Png => PngDirectoryStore.Open(path),
        StoreKind.Lmdb => LmdbImageStore.Open(path),
        StoreKind.Hdf5 => Hdf5ImageStore.Open(path),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown store kind."),
    };

    /// <summary>Writes <paramref name="batch"/> as a new store at <paramref name="path"/> and commits it.</summary>
    public static void Write(StoreKind kind, string path, ImageBatch batch, StoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var writer = Create(kind, path, batch.Shape, options);
        writer.StoreMany(batch);
        writer.Commit();
    }
}
