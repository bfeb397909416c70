using System.Buffers.Binary;
using ImageStorage.Lmdb;
using ImageStorage.Records;

namespace ImageStorage.Tests.Reliability;

/// <summary>
/// Damage on disk never comes back as silently wrong data: with checksums checked, a flipped pixel or label byte in
/// any store kind is an error naming the image, and <see cref="IImageStore.Verify"/> names every bad image.
/// </summary>
public class CorruptionTests
{
    private const int Damaged = 17;

    /// <summary>Kinds whose files hold each image's raw pixels as they are (PNG stores hold compressed files).</summary>
    public static TheoryData<StoreKind> RawPixelKinds() => new(TestImages.LocalKinds.Where(k => k != StoreKind.Png));

    public static TheoryData<StoreKind> Kinds() => new(TestImages.LocalKinds);

    [Theory]
    [MemberData(nameof(RawPixelKinds))]
    public void A_flipped_pixel_byte_is_an_error_naming_the_image_and_verify_finds_it(StoreKind kind)
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(50, ImageShape.Cifar10);
        string path = TestImages.Write(dir, kind, batch);
        FlipPixelByte(kind, path, batch, Damaged, 100);

        using var store = ImageStores.Open(path, new StoreOptions { VerifyChecksums = true });
        var e = Assert.Throws<CorruptStoreException>(() => store.Read(Damaged, new byte[3072]));
        Assert.Equal(Damaged, e.ImageId);
        Assert.Contains("checksum", e.Message, StringComparison.Ordinal);
        Assert.Throws<CorruptStoreException>(() => store.ReadAll());

        var report = store.Verify();
        Assert.True(report.HasChecksums);
        var bad = report.BadImages.Select(b => b.Id).ToList();
        if (kind == StoreKind.RocksDb)
        {
            // RocksDB checks its own 64 KiB blocks first: the damaged block's images (about 20, in id order) are refused.
            Assert.Contains(Damaged, bad);
            Assert.InRange(bad.Count, 1, 22);
            Assert.Equal(bad.Count, bad.Max() - bad.Min() + 1);
        }
        else
        {
            Assert.Equal([Damaged], bad);
        }

        Assert.Equal(50, report.Count);
        foreach (int id in Enumerable.Range(0, 50).Except(bad))
        {
            AssertReadsExactly(store, batch, id); // the others still read, exactly
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_changed_label_is_an_error_naming_the_image(StoreKind kind)
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(50, ImageShape.Cifar10);
        string path = TestImages.Write(dir, kind, batch);
        ChangeLabel(kind, path, batch, Damaged);

        using var store = ImageStores.Open(path, new StoreOptions { VerifyChecksums = true });
        var e = Assert.ThrowsAny<ImageStoreException>(() => store.Read(Damaged, new byte[3072]));
        Assert.Equal(Damaged, e.ImageId);
        Assert.Equal([Damaged], store.Verify().BadImages.Select(b => b.Id));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Without_checks_damage_reads_through_but_verify_still_names_it(StoreKind kind)
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(30, ImageShape.Cifar10);
        string path = TestImages.Write(dir, kind, batch);
        ChangeLabel(kind, path, batch, Damaged);

        using var store = ImageStores.Open(path, new StoreOptions { VerifyChecksums = false });
        Assert.NotEqual(batch.Labels[Damaged], store.Read(Damaged, new byte[3072]));
        Assert.Equal([Damaged], store.Verify().BadImages.Select(b => b.Id));
    }

    [Fact]
    public void A_zeroed_block_in_a_rocksdb_table_is_an_error_never_a_crash()
    {
        // The reliability campaign's case: a zeroed 4 KiB block in a table made RocksDB parse garbage and segfault.
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(300, ImageShape.Cifar10);
        string path = TestImages.Write(dir, StoreKind.RocksDb, batch);
        string table = Directory.GetFiles(path, "*.sst").OrderByDescending(f => new FileInfo(f).Length).First();
        long length = new FileInfo(table).Length;
        for (long offset = 4096; offset + 4096 < length / 2; offset += 4096 * 5)
        {
            StoreBytes.Overwrite(table, offset, new byte[4096]);
        }

        using var store = ImageStores.Open(path, new StoreOptions { VerifyChecksums = false });
        int refused = 0;
        for (int id = 0; id < batch.Count; id++)
        {
            try
            {
                AssertReadsExactly(store, batch, id);
            }
            catch (CorruptStoreException)
            {
                refused++;
            }
        }

        Assert.True(refused > 0, "no read noticed the zeroed blocks");
        using var checking = ImageStores.Open(path, new StoreOptions { VerifyChecksums = true });
        Assert.ThrowsAny<ImageStoreException>(() => checking.ReadAll());
    }

    [Fact]
    public void An_lmdb_record_under_another_key_is_refused_even_without_checksum_checks()
    {
        // The reliability review's case: a damaged leaf page made Read(147) return image 148 with its label.
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(200, ImageShape.Cifar10);
        string path = TestImages.Write(dir, StoreKind.Lmdb, batch);
        using (var environment = LmdbEnvironment.Acquire(path, 0))
        {
            environment.WriteWithGrowth(1 << 20, transaction =>
            {
                Span<byte> key = stackalloc byte[RecordKey.Size];
                RecordKey.Write(148, key);
                byte[] other = transaction.Get(environment.Database, key).value.CopyToNewArray();
                RecordKey.Write(147, key);
                return transaction.Put(environment.Database, key, other);
            });
        }

        using var store = ImageStores.Open(path, new StoreOptions { VerifyChecksums = false });
        var e = Assert.Throws<CorruptStoreException>(() => store.Read(147, new byte[3072]));
        Assert.Contains("says it is image 148", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_png_file_swapped_for_another_valid_one_is_caught_by_the_checksum()
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(10, ImageShape.Cifar10);
        string path = TestImages.Write(dir, StoreKind.Png, batch);
        File.Copy(Path.Combine(path, "6.png"), Path.Combine(path, "5.png"), overwrite: true);

        using var store = ImageStores.Open(path, new StoreOptions { VerifyChecksums = true });
        Assert.Equal(5, Assert.Throws<CorruptStoreException>(() => store.Read(5, new byte[3072])).ImageId);
        Assert.Equal([5], store.Verify().BadImages.Select(b => b.Id));
    }

    [Fact]
    public void A_negative_raw_label_is_corrupt_whatever_the_checks()
    {
        using var dir = new TempDirectory();
        string path = TestImages.Write(dir, StoreKind.Raw, TestImages.Batch(5, ImageShape.Cifar10));
        StoreBytes.Overwrite(Path.Combine(path, "labels.i32"), 2 * sizeof(int), BitConverter.GetBytes(-3));
        using var store = ImageStores.Open(path, new StoreOptions { VerifyChecksums = false });
        var e = Assert.Throws<CorruptStoreException>(() => store.Read(2, new byte[3072]));
        Assert.Contains("negative label -3", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_store_cut_short_is_an_error_never_short_or_wrong_data(StoreKind kind)
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(40, ImageShape.Cifar10);
        string path = TestImages.Write(dir, kind, batch);
        string biggest = StoreBytes.Files(path).OrderByDescending(f => new FileInfo(f).Length).First();
        using (var stream = new FileStream(biggest, FileMode.Open))
        {
            stream.SetLength(stream.Length / 2);
        }

        Assert.ThrowsAny<ImageStoreException>(() =>
        {
            using var store = ImageStores.Open(path, new StoreOptions { VerifyChecksums = true });
            store.ReadAll();
        });
    }

    // Reads image `id` and checks its label and every pixel against what was written.
    private static void AssertReadsExactly(IImageStore store, ImageBatch batch, int id)
    {
        var pixels = new byte[batch.Shape.ByteCount];
        Assert.Equal(batch.Labels[id], store.Read(id, pixels));
        Assert.True(batch.Image(id).SequenceEqual(pixels), $"image {id} read other pixels");
    }

    // Flips one byte of image `id`'s stored pixels, in the file that holds them.
    private static void FlipPixelByte(StoreKind kind, string path, ImageBatch batch, int id, int at)
    {
        if (kind == StoreKind.Sqlite)
        {
            // A b-tree page may keep a stale copy of a row in its free space, so the row is changed through SQLite.
            byte[] pixels = batch.Image(id).ToArray();
            pixels[at] ^= 0xFF;
            UpdateSqliteRow(path, "pixels", pixels, id);
            return;
        }

        var (file, offset) = StoreBytes.FindOnce(path, batch.Image(id));
        StoreBytes.Flip(file, offset + at);
    }

    // Sets one column of one image's row in a SQLite store, as any SQLite client could.
    private static void UpdateSqliteRow(string path, string column, object value, int id)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE images SET {column} = $value WHERE id = $id";
        command.Parameters.AddWithValue("$value", value);
        command.Parameters.AddWithValue("$id", id);
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    // Changes the stored label of image `id` to another valid label, wherever this kind keeps labels.
    private static void ChangeLabel(StoreKind kind, string path, ImageBatch batch, int id)
    {
        int changed = (batch.Labels[id] + 1) % 10;
        switch (kind)
        {
            case StoreKind.Png:
                string csv = Path.Combine(path, "labels.csv");
                File.WriteAllText(csv, File.ReadAllText(csv).Replace($"\n{id},{batch.Labels[id]}\n", $"\n{id},{changed}\n", StringComparison.Ordinal));
                break;
            case StoreKind.Lmdb:
                using (var environment = LmdbEnvironment.Acquire(path, 0))
                {
                    environment.WriteWithGrowth(1 << 20, transaction =>
                    {
                        Span<byte> key = stackalloc byte[RecordKey.Size];
                        RecordKey.Write(id, key);
                        byte[] value = transaction.Get(environment.Database, key).value.CopyToNewArray();
                        BinaryPrimitives.WriteInt32LittleEndian(value.AsSpan(12), changed);
                        return transaction.Put(environment.Database, key, value);
                    });
                }

                break;
            case StoreKind.RocksDb:
                // Through RocksDB itself, with the store's own options, so the files stay in its table format.
                using (var database = RocksDbSharp.RocksDb.Open(ImageStorage.RocksDb.RocksDbConfiguration.ForWriting(create: false), path))
                {
                    byte[] key = new byte[RecordKey.Size];
                    RecordKey.Write(id, key);
                    byte[] value = database.Get(key);
                    BinaryPrimitives.WriteInt32LittleEndian(value.AsSpan(12), changed);
                    database.Put(key, value, null, new RocksDbSharp.WriteOptions().SetSync(true));
                }

                break;
            case StoreKind.Sqlite:
                // A label is an integer column, stored as SQLite's variable-length integer.
                UpdateSqliteRow(path, "label", changed, id);
                break;
            case StoreKind.TarShards:
                // The index holds the label readers use (20 bytes per image, the label last).
                StoreBytes.Overwrite(Path.Combine(path, "index.bin"), (id * 20) + 16, BitConverter.GetBytes(changed));
                break;
            default:
                // Stores that keep labels as a little-endian int32 column: find the column, change one entry.
                var column = System.Runtime.InteropServices.MemoryMarshal.AsBytes(batch.Labels).ToArray();
                var (file, offset) = StoreBytes.FindOnce(path, column);
                StoreBytes.Overwrite(file, offset + (id * sizeof(int)), BitConverter.GetBytes(changed));
                break;
        }
    }
}
