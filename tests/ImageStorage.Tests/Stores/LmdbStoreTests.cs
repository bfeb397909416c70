using ImageStorage.IO;
using ImageStorage.Lmdb;
using ImageStorage.Records;
using LightningDB;

namespace ImageStorage.Tests.Stores;

/// <summary>LMDB specifics: the map grows by itself, records are checked, and the native library is ours.</summary>
public class LmdbStoreTests
{
    [Fact]
    public void A_tiny_map_grows_until_everything_fits()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("lmdb");
        var batch = TestImages.Batch(3000, ImageShape.Cifar10);
        var options = new StoreOptions { LmdbInitialMapSize = 64 * 1024 };
        using (var writer = ImageStores.Create(StoreKind.Lmdb, path, batch.Shape, options))
        {
            writer.AddMany(batch.Slice(0, 1000));
            for (int id = 1000; id < 1500; id++)
            {
                writer.Add(batch.Image(id), batch.Labels[id]);
            }

            writer.Commit();
        }

        using (var writer = ImageStores.Append(path))
        {
            writer.AddMany(batch.Slice(1500, 1500));
            writer.Commit();
        }

        using var store = ImageStores.Open(path);
        TestImages.AssertEqual(batch, store.ReadAll());
        Assert.True(new FileInfo(Path.Combine(path, "data.mdb")).Length > 3000 * 3072, "the data file holds every image");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(333)]
    [InlineData(1000)]
    public void Committing_every_n_records_stores_everything_and_publishes_only_on_commit(int recordsPerTransaction)
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("lmdb");
        var batch = TestImages.Batch(1200, ImageShape.Cifar10);
        ImageStores.Write(StoreKind.Lmdb, path, batch.Slice(0, 200));
        using (var writer = ImageStores.Append(path, new StoreOptions { LmdbRecordsPerTransaction = recordsPerTransaction, LmdbInitialMapSize = 64 * 1024 }))
        {
            writer.AddMany(batch.Slice(200, 1000));
            using (var before = ImageStores.Open(path))
            {
                Assert.Equal(200, before.Count);
            }

            writer.Commit();
        }

        using var store = ImageStores.Open(path);
        TestImages.AssertEqual(batch, store.ReadAll());
    }

    [Fact]
    public void The_library_loaded_is_the_released_LMDB_0_9_whose_files_other_tools_read()
    {
        LmdbNative.EnsureLoaded();
        using var dir = new TempDirectory();
        using var environment = new LightningEnvironment(dir.Path);
        Assert.Equal(0, environment.Version.Major);
        Assert.Equal(9, environment.Version.Minor);
        Assert.StartsWith("0.9.", LmdbNative.LibraryVersion, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DamagedRecord.Kinds), MemberType = typeof(DamagedRecord))]
    public void A_damaged_record_is_reported_with_the_path_and_id(string damage)
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(6, ImageShape.Cifar10);
        string path = TestImages.Write(dir, StoreKind.Lmdb, batch);
        Damage(path, DamagedRecord.Id, damage);
        DamagedRecord.AssertReported(path, batch, damage);
    }

    [Fact]
    public void An_lmdb_environment_without_our_metadata_is_not_a_store()
    {
        using var dir = new TempDirectory();
        LmdbNative.EnsureLoaded();
        using (var environment = new LightningEnvironment(dir.Path))
        {
            environment.Open();
            using var transaction = environment.BeginTransaction();
            using var db = transaction.OpenDatabase(configuration: new DatabaseConfiguration { Flags = DatabaseOpenFlags.Create });
            transaction.Put(db, "k"u8, "v"u8).ThrowOnError();
            transaction.Commit().ThrowOnError();
        }

        var e = Assert.Throws<NotAStoreException>(() => ImageStores.Open(dir.Path));
        Assert.Contains("metadata", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void After_a_replacement_a_new_open_reads_the_new_store_while_one_held_open_keeps_the_old()
    {
        using var dir = new TempDirectory();
        var first = TestImages.Batch(5, ImageShape.Cifar10, seed: 1);
        var second = TestImages.Batch(8, ImageShape.Cifar10, seed: 2);
        string path = TestImages.Write(dir, StoreKind.Lmdb, first);
        using var held = ImageStores.Open(path);
        ImageStores.Write(StoreKind.Lmdb, path, second, new StoreOptions { Overwrite = true });

        // Environments are shared per store within a process; a replaced store is another store, not the same one.
        using (var fresh = ImageStores.Open(path))
        {
            TestImages.AssertEqual(second, fresh.ReadAll());
        }

        TestImages.AssertEqual(first, held.ReadAll());
    }

    [Fact]
    public void Key_format_sorts_in_id_order()
    {
        Span<byte> a = stackalloc byte[RecordKey.Size];
        Span<byte> b = stackalloc byte[RecordKey.Size];
        RecordKey.Write(99, a);
        RecordKey.Write(100, b);
        Assert.True(a.SequenceCompareTo(b) < 0);
        Assert.Equal("0000000099", System.Text.Encoding.ASCII.GetString(a));
        Assert.Equal(100, RecordKey.Parse(b));
        RecordKey.Write(0, a);
        Assert.True(RecordKey.MetadataKey.SequenceCompareTo(a) < 0, "metadata sorts before every id, so ids append at the end");
    }

    private static void Damage(string path, int id, string damage)
    {
        // Opened through the store's own shared environment: LMDB forbids a second environment on one path in a process.
        using var environment = LmdbEnvironment.Acquire(path, 0);
        environment.WriteWithGrowth(1 << 20, transaction =>
        {
            Span<byte> key = stackalloc byte[RecordKey.Size];
            RecordKey.Write(id, key);
            byte[]? value = DamagedRecord.Apply(transaction.Get(environment.Database, key).value.CopyToNewArray(), damage);
            return value is null ? transaction.Delete(environment.Database, key) : transaction.Put(environment.Database, key, value);
        });
    }
}
