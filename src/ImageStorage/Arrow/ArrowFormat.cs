using ImageStorage.IO;

namespace ImageStorage.Arrow;

/// <summary>
/// One Arrow IPC file (Feather v2, <see cref="ArrowLayout"/>): columnar, memory-mapped for reading, readable by
/// every Arrow implementation. Raw pixels only.
/// </summary>
internal sealed class ArrowFormat : StoreFormat
{
    public static ArrowFormat Instance { get; } = new();

    public override StoreKind Kind => StoreKind.Arrow;

    public override string DisplayName => "Arrow";

    public override bool IsDirectory => false;

    public override string DefaultName(string stem) => stem + ".arrow";

    public override bool Recognizes(StoreProbe probe) => probe.IsFile && probe.Head.AsSpan().StartsWith(ArrowLayout.Magic);

    public override IImageStoreWriter Create(string path, ImageShape shape, StoreOptions options) =>
        ArrowWriter.ForNew(path, shape, options.ClassNames, StoreStaging.ForNew(this, path, options));

    public override IImageStoreWriter Append(string path, StoreOptions options)
    {
        var storeLock = StoreLock.Acquire(path);
        try
        {
            return ArrowWriter.ForAppend(path, StoreStaging.ForRewrite(this, path), storeLock);
        }
        catch
        {
            storeLock.Dispose();
            throw;
        }
    }

    public override IImageStore Open(StoreProbe probe, StoreOptions options)
    {
        var file = ArrowStoreFile.Open(probe.Path);
        try
        {
            return new ArrowReader(file, options);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}
