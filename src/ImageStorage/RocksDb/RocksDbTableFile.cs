using ImageStorage.Records;
using RocksDbSharp;

namespace ImageStorage.RocksDb;

/// <summary>
/// Writes one RocksDB table file (SST) with RocksDB's SstFileWriter: keys in order, in the table format of
/// <see cref="RocksDbConfiguration"/>, synced to disk when finished, ready to be ingested.
/// </summary>
internal static unsafe class RocksDbTableFile
{
    // A batch is split into tables of at most this many bytes; smaller than RocksDB's files would be, large enough to be few.
    private const long MaxTableBytes = 256L << 20;

    // Below this many bytes a batch is one table: a second core would not pay for its own file.
    private const long ParallelBytes = 8L << 20;

    /// <summary>How many tables a batch of <paramref name="bytes"/> is written as: enough to use every core, none too large.</summary>
    public static int CountFor(long bytes)
    {
        int bySize = (int)Math.Max(1, (bytes + MaxTableBytes - 1) / MaxTableBytes);
        int byCores = bytes >= ParallelBytes ? (int)Math.Min(Environment.ProcessorCount, bytes / (ParallelBytes / 2)) : 1;
        return Math.Max(bySize, byCores);
    }

    /// <summary>Writes records <paramref name="from"/>…<paramref name="to"/> − 1 of <paramref name="records"/> as images <paramref name="firstId"/> + index into the table <paramref name="file"/>.</summary>
    public static void WriteRecords(string file, RecordBatch records, int from, int to, int firstId, byte version, string storePath)
    {
        int largest = 0;
        for (int i = from; i < to; i++)
        {
            largest = Math.Max(largest, records.RecordSize(i, version));
        }

        var value = GC.AllocateUninitializedArray<byte>(largest);
        Write(file, storePath, writer =>
        {
            byte* key = stackalloc byte[RecordKey.Size];
            fixed (byte* v = value)
            {
                for (int i = from; i < to; i++)
                {
                    RecordKey.Write(firstId + i, new Span<byte>(key, RecordKey.Size));
                    int size = records.WriteRecord(i, firstId + i, version, value);
                    Native.Instance.rocksdb_sstfilewriter_put(writer.Handle, key, RecordKey.Size, v, (UIntPtr)size);
                }
            }
        });
    }

    /// <summary>Writes the table holding only the metadata record, <paramref name="manifest"/> JSON.</summary>
    public static void WriteMetadata(string file, byte[] manifest, string storePath) => Write(file, storePath, writer =>
    {
        fixed (byte* key = RecordKey.MetadataKey)
        fixed (byte* value = manifest)
        {
            Native.Instance.rocksdb_sstfilewriter_put(writer.Handle, key, (UIntPtr)RecordKey.MetadataKey.Length, value, (UIntPtr)manifest.Length);
        }
    });

    private static void Write(string file, string storePath, Action<SstFileWriter> put) => RocksDbDatabase.Run(storePath, () =>
    {
        using var writer = new SstFileWriter(new EnvOptions(), RocksDbConfiguration.ForTables());
        writer.Open(file);
        put(writer);
        writer.Finish();
    });
}
