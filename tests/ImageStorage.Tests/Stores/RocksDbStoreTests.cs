using System.Globalization;
using System.Text.Json;
using ImageStorage.Records;
using ImageStorage.RocksDb;
using RocksDbSharp;

namespace ImageStorage.Tests.Stores;

/// <summary>RocksDB specifics: Debian's own RocksDB tools read the store, damaged records are named, readers see what they opened.</summary>
public class RocksDbStoreTests
{
    [Fact]
    public void Debians_ldb_reads_every_record_and_the_metadata_after_appends()
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(40, ImageShape.Cifar10);
        string path = TestImages.StorePath(dir, StoreKind.RocksDb);
        ImageStores.Write(StoreKind.RocksDb, path, batch.Slice(0, 30));
        using (var writer = ImageStores.Append(path))
        {
            writer.AddMany(batch.Slice(30, 10));
            writer.Commit();
        }

        // Keys in id order, the metadata key first: what every LevelDB-family tool sees.
        string[] keys = Ldb(path, "scan", "--no_value").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["!imagestorage", .. Enumerable.Range(0, 40).Select(id => id.ToString("D10", CultureInfo.InvariantCulture))], keys);

        // One record, byte for byte: our header, then the pixels.
        foreach (int id in new[] { 7, 35 })
        {
            byte[] value = Convert.FromHexString(Ldb(path, "--value_hex", "get", id.ToString("D10", CultureInfo.InvariantCulture)).Trim()[2..]);
            var pixels = ImageRecord.Parse(value, ImageRecord.Version, ImageShape.Cifar10, ImageRecord.RawEncoding, path, id, out int label, out uint? checksum);
            Assert.Equal(batch.Image(id).ToArray(), pixels.ToArray());
            Assert.Equal(batch.Labels[id], label);
            Assert.Equal(ImageChecksum.Compute(batch.Image(id), label), checksum);
        }

        using var metadata = JsonDocument.Parse(Ldb(path, "get", "!imagestorage"));
        Assert.Equal("imagestorage-rocksdb", metadata.RootElement.GetProperty("format").GetString());
        Assert.Equal(40, metadata.RootElement.GetProperty("count").GetInt32());

        // ldb changed nothing: the store still opens and reads.
        using var store = ImageStores.Open(path);
        TestImages.AssertEqual(batch, store.ReadAll());
    }

    [Fact]
    public void A_reader_opened_before_an_append_keeps_the_images_it_opened_and_a_new_one_sees_all()
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(300, ImageShape.Cifar10);
        string path = TestImages.StorePath(dir, StoreKind.RocksDb);
        ImageStores.Write(StoreKind.RocksDb, path, batch.Slice(0, 100));
        using var before = ImageStores.Open(path);
        using (var writer = ImageStores.Append(path))
        {
            writer.AddMany(batch.Slice(100, 200));
            using (var during = ImageStores.Open(path))
            {
                Assert.Equal(100, during.Count);
            }

            writer.Commit();
        }

        Assert.Equal(100, before.Count);
        TestImages.AssertEqual(batch.Slice(0, 100), before.ReadAll());
        using var after = ImageStores.Open(path);
        TestImages.AssertEqual(batch, after.ReadAll());
    }

    [Fact]
    public void A_second_writer_is_refused_while_the_first_holds_the_store()
    {
        using var dir = new TempDirectory();
        string path = TestImages.Write(dir, StoreKind.RocksDb, TestImages.Batch(3, ImageShape.Cifar10));
        using var first = ImageStores.Append(path);
        var e = Assert.Throws<ImageStoreException>(() => ImageStores.Append(path));
        Assert.Contains("one writer at a time", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_table_file_is_reported_when_the_store_opens()
    {
        using var dir = new TempDirectory();
        string path = TestImages.Write(dir, StoreKind.RocksDb, TestImages.Batch(50, ImageShape.Cifar10));
        string table = Directory.GetFiles(path, "*.sst").OrderByDescending(f => new FileInfo(f).Length).First();
        using (var stream = new FileStream(table, FileMode.Open))
        {
            stream.SetLength(stream.Length / 2);
        }

        var e = Assert.Throws<CorruptStoreException>(() => ImageStores.Open(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DamagedRecord.Kinds), MemberType = typeof(DamagedRecord))]
    public void A_damaged_record_is_reported_with_the_path_and_id(string damage)
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(6, ImageShape.Cifar10);
        string path = TestImages.Write(dir, StoreKind.RocksDb, batch);
        Damage(path, DamagedRecord.Id, damage);
        DamagedRecord.AssertReported(path, batch, damage);
    }

    [Fact]
    public void A_rocksdb_database_without_our_metadata_is_not_a_store()
    {
        using var dir = new TempDirectory();
        using (var database = RocksDbSharp.RocksDb.Open(RocksDbConfiguration.ForWriting(create: true), dir.Path))
        {
            database.Put("k"u8, "v"u8);
        }

        var files = Directory.GetFiles(dir.Path).Order().ToDictionary(f => f, File.ReadAllBytes);
        Assert.Equal(StoreKind.RocksDb, ImageStores.Detect(dir.Path));
        var e = Assert.Throws<NotAStoreException>(() => ImageStores.Open(dir.Path));
        Assert.Contains("metadata", e.Message, StringComparison.Ordinal);
        Assert.Throws<NotAStoreException>(() => ImageStores.Append(dir.Path));

        // Another application's database is left exactly as it was.
        Assert.Equal(files.Keys, Directory.GetFiles(dir.Path).Order());
        Assert.All(files, file => Assert.Equal(file.Value, File.ReadAllBytes(file.Key)));
    }

    private static string Ldb(string path, params string[] command) =>
        ExternalTool.Run("ldb", "rocksdb-tools", [$"--db={path}", "--ignore_unknown_options", .. command]);

    // Rewrites one record through RocksDB itself, with the store's own options (so the files stay in its table format).
    private static void Damage(string path, int id, string damage)
    {
        using var database = RocksDbSharp.RocksDb.Open(RocksDbConfiguration.ForWriting(create: false), path);
        byte[] key = new byte[RecordKey.Size];
        RecordKey.Write(id, key);
        byte[]? value = DamagedRecord.Apply(database.Get(key), damage);
        if (value is null)
        {
            database.Remove(key, null, new WriteOptions().SetSync(true));
        }
        else
        {
            database.Put(key, value, null, new WriteOptions().SetSync(true));
        }
    }
}
