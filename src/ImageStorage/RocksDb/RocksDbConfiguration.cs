using RocksDbSharp;

namespace ImageStorage.RocksDb;

/// <summary>
/// The RocksDB options every store uses, in one place. Two of them keep the files readable by older RocksDB
/// releases such as Debian 12's 7.8 (<c>ldb</c>, <c>sst_dump</c>): table format version 5 (11.x writes 7 by
/// default, which 7.8 rejects as "Corrupt or unsupported format_version"), and no WAL content, so nothing is
/// replayed into a table of another format. The rest make reads fast: pixels do not compress, so no compression;
/// tables are read through a memory map with no block cache (the page cache is the cache, and a read copies
/// straight from it). RocksDB's block checksums are checked on every read: without them a damaged block is parsed as
/// it is, and gets and walks crashed the process (SIGSEGV) on zeroed blocks before a per-image checksum could refuse
/// them. The price: a damaged 64 KiB block refuses all of its ~20 images, not only the damaged one.
/// </summary>
internal static class RocksDbConfiguration
{
    /// <summary>The block-based table format version written: the newest that RocksDB 7.8 reads.</summary>
    public const int TableFormatVersion = 5;

    /// <summary>Bytes per data block: large blocks mean fewer index entries and block loads per range read.</summary>
    public const ulong BlockSize = 64 << 10;

    /// <summary>Options for the store's one read-write opener (the writer).</summary>
    public static DbOptions ForWriting(bool create) => Common()
        .SetCreateIfMissing(create)
        .SetErrorIfExists(create)
        // The writer's LOG file stays small and is never rotated into a pile of LOG.old files.
        .SetInfoLogLevel(InfoLogLevel.Warn)
        .SetKeepLogFileNum(1)
        // A tiny store should not hold a 4 MiB preallocated MANIFEST while it is written.
        .SetManifestPreallocationSize(64 << 10);

    /// <summary>Options for readers, which open the store read-only and never write to it.</summary>
    public static DbOptions ForReading() => Common();

    /// <summary>Options of the table files the writer builds and ingests (the same table format as the database's).</summary>
    public static ColumnFamilyOptions ForTables() => new ColumnFamilyOptions()
        .SetCompression(Compression.No)
        .SetBlockBasedTableFactory(TableOptions());

    /// <summary>Options of every read: RocksDB's block checksums checked (see the class summary), no block cache to fill.</summary>
    public static ReadOptions ForReads() => new ReadOptions().SetVerifyChecksums(true).SetFillCache(false);

    private static DbOptions Common() => new DbOptions()
        .SetCompression(Compression.No)
        .SetBlockBasedTableFactory(TableOptions())
        .SetAllowMmapReads(true)
        // Every table is opened (and its index read) when the store is opened, never lazily during a read.
        .SetMaxOpenFiles(-1);

    private static BlockBasedTableOptions TableOptions() => new BlockBasedTableOptions()
        .SetFormatVersion(TableFormatVersion)
        .SetBlockSize(BlockSize)
        .SetNoBlockCache(true);
}
