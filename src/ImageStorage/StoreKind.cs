namespace ImageStorage;

/// <summary>The storage methods the library implements.</summary>
public enum StoreKind
{
    /// <summary>A flat file of pixels and one of labels: the speed-of-light baseline.</summary>
    Raw,

    /// <summary>One PNG file per image, labels in a CSV file beside them.</summary>
    Png,

    /// <summary>One LMDB record per image.</summary>
    Lmdb,

    /// <summary>One HDF5 file with an <c>images</c> and a <c>labels</c> dataset.</summary>
    Hdf5,

    /// <summary>One RocksDB record per image (an LSM key-value store of the LevelDB family).</summary>
    RocksDb,

    /// <summary>WebDataset-style tar shards: a directory of tar files holding each image and its label as members.</summary>
    TarShards,

    /// <summary>One SQLite file: a table of BLOB rows and a table of metadata.</summary>
    Sqlite,

    /// <summary>One Arrow IPC file (Feather v2): pixel, label and checksum columns in record batches, memory-mapped for reading.</summary>
    Arrow,

    /// <summary>S3-compatible object storage at <c>s3://bucket/prefix</c>, one object per image: the many-small-files pattern.</summary>
    S3Objects,

    /// <summary>S3-compatible object storage at <c>s3://bucket/prefix</c>, images in shard objects read with range GETs through an index.</summary>
    S3Shards,
}
