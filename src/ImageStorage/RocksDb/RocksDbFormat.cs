using ImageStorage.IO;

namespace ImageStorage.RocksDb;

/// <summary>
/// An LSM key-value store of the LevelDB family: a RocksDB database directory with one <see cref="Records.ImageRecord"/>
/// per image under its <see cref="Records.RecordKey"/> (key order is id order, as in LMDB), and the store's manifest
/// under the metadata key. Written with the options of <see cref="RocksDbConfiguration"/>, so Debian's RocksDB 7.8
/// tools read it too.
/// </summary>
internal sealed class RocksDbFormat : StoreFormat
{
    public const string FormatName = "imagestorage-rocksdb";

    public static RocksDbFormat Instance { get; } = new();

    public override StoreKind Kind => StoreKind.RocksDb;

    public override string DisplayName => "RocksDB";

    public override bool IsDirectory => true;

    public override IReadOnlyList<RecordEncoding> Encodings => [RecordEncoding.Raw, RecordEncoding.Png];

    // Every RocksDB directory has these two; whether it is an image store, the metadata record says on open.
    public override bool Recognizes(StoreProbe probe) => probe.Has(RocksDbDatabase.CurrentFile) && probe.Has(RocksDbDatabase.IdentityFile);

    public override IImageStoreWriter Create(string path, ImageShape shape, StoreOptions options) =>
        RocksDbWriter.Create(path, StoreManifest.For(FormatName, shape, options), options.PngCodec, StoreStaging.ForNew(this, path, options));

    public override IImageStoreWriter Append(string path, StoreOptions options) => RocksDbWriter.Append(path, options.PngCodec, StoreLock.Acquire(path));

    public override IImageStore Open(StoreProbe probe, StoreOptions options) => RocksDbReader.Open(probe.Path, options);
}
