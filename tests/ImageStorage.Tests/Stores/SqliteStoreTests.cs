using ImageStorage.IO;
using Microsoft.Data.Sqlite;

namespace ImageStorage.Tests.Stores;

/// <summary>SQLite specifics: Debian's sqlite3 reads the file, damaged rows are named, and the writer lock and journal behave.</summary>
public class SqliteStoreTests
{
    private const string Install = "sqlite3";

    [Fact]
    public void The_sqlite3_cli_counts_the_rows_and_dumps_one_blob_byte_exact()
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(37, ImageShape.Cifar10);
        string path = TestImages.Write(dir, StoreKind.Sqlite, batch);
        string blob = dir.Combine("image-29.u8");

        Assert.Equal("37", Sqlite3(path, "SELECT count(*) FROM images;"));
        Assert.Equal("imagestorage-sqlite|37", Sqlite3(path, "SELECT (SELECT value FROM meta WHERE key = 'format'), (SELECT value FROM meta WHERE key = 'count');"));
        Assert.Equal(batch.Labels[29].ToString(System.Globalization.CultureInfo.InvariantCulture), Sqlite3(path, "SELECT label FROM images WHERE id = 29;"));
        Sqlite3(path, $"SELECT writefile('{blob}', pixels) FROM images WHERE id = 29;");
        Assert.Equal(batch.Image(29).ToArray(), File.ReadAllBytes(blob));
        Assert.Equal("ok", Sqlite3(path, "PRAGMA integrity_check;"));
    }

    [Fact]
    public void The_file_has_64_KiB_pages_no_journal_after_commit_and_little_waste()
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(2100, ImageShape.Cifar10);
        string path = TestImages.Write(dir, StoreKind.Sqlite, batch);
        using (var writer = ImageStores.Append(path))
        {
            writer.AddMany(batch.Slice(0, 10));
            writer.Commit();
        }

        Assert.Equal(StoreKind.Sqlite, ImageStores.Detect(path));
        Assert.Equal("65536|delete", Sqlite3(path, "SELECT * FROM pragma_page_size, pragma_journal_mode;"));
        Assert.Equal([Path.GetFileName(path)], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
        Assert.True(DiskUsage.AllocatedBytes(path) < 2110 * 3072 * 11 / 10, "64 KiB pages hold 21 rows each: within 10% of the pixel bytes");

        // A small store is three pages: the schema, the meta table (WITHOUT ROWID, so no separate key index) and the images.
        string small = TestImages.Write(dir, StoreKind.Sqlite, batch.Slice(0, 10), "small");
        Assert.Equal("3", Sqlite3(small, "PRAGMA page_count;"));
    }

    [Theory]
    [InlineData("UPDATE images SET pixels = substr(pixels, 1, 3000) WHERE id = 4", "wrong length")]
    [InlineData("UPDATE images SET label = 'cat' WHERE id = 4", "bad row")]
    [InlineData("UPDATE images SET pixels = 'text, not a blob' WHERE id = 4", "bad row")]
    public void A_row_with_a_bad_value_or_wrong_length_is_reported_with_its_id(string damage, string reason)
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(6, ImageShape.Cifar10);
        string path = TestImages.Write(dir, StoreKind.Sqlite, batch);
        Execute(path, damage);

        using var store = ImageStores.Open(path);
        var e = Assert.Throws<CorruptStoreException>(() => store.Read(4, new byte[3072]));
        Assert.Equal(4, e.ImageId);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Throws<CorruptStoreException>(() => store.ReadAll());
        Assert.Equal([4], store.Verify().BadImages.Select(b => b.Id));
        TestImages.AssertEqual(batch.Slice(5, 1), store.ReadRange(5, 1));
    }

    [Fact]
    public void A_missing_row_is_reported_as_a_missing_image()
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(6, ImageShape.Cifar10);
        string path = TestImages.Write(dir, StoreKind.Sqlite, batch);
        Execute(path, "DELETE FROM images WHERE id = 3");

        using var store = ImageStores.Open(path);
        var e = Assert.Throws<ImageNotFoundException>(() => store.Read(3, new byte[3072]));
        Assert.Equal(3, e.ImageId);
        Assert.Equal(3, Assert.Throws<ImageNotFoundException>(() => store.ReadAll()).ImageId);
        Assert.Equal(3, Assert.Throws<ImageNotFoundException>(() => store.ReadMany([0, 3])).ImageId);
        TestImages.AssertEqual(batch.Slice(4, 2), store.ReadRange(4, 2));
    }

    [Fact]
    public void A_database_that_is_not_an_image_store_and_another_kinds_file_are_refused()
    {
        using var dir = new TempDirectory();
        string other = dir.Combine("other.sqlite");
        Execute(other, "CREATE TABLE notes (text TEXT)");
        Assert.Equal(StoreKind.Sqlite, ImageStores.Detect(other));
        var e = Assert.Throws<NotAStoreException>(() => ImageStores.Open(other));
        Assert.Contains("'meta'", e.Message, StringComparison.Ordinal);
        Assert.Throws<NotAStoreException>(() => ImageStores.Create(StoreKind.Sqlite, other, ImageShape.Cifar10, new StoreOptions { Overwrite = true }));

        // An Arrow store under a .sqlite name is opened as what it is, and never replaced by a SQLite store.
        string arrow = dir.Combine("images.sqlite");
        ImageStores.Write(StoreKind.Arrow, arrow, TestImages.Batch(3, ImageShape.Cifar10));
        byte[] before = File.ReadAllBytes(arrow);
        Assert.Throws<NotAStoreException>(() => ImageStores.Create(StoreKind.Sqlite, arrow, ImageShape.Cifar10, new StoreOptions { Overwrite = true }));
        Assert.Equal(before, File.ReadAllBytes(arrow));
        using var store = ImageStores.Open(arrow);
        Assert.Equal(StoreKind.Arrow, store.Kind);
    }

    [Fact]
    public void A_store_takes_one_writer_at_a_time_and_readers_keep_reading_during_an_append()
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(300, ImageShape.Cifar10);
        string path = TestImages.Write(dir, StoreKind.Sqlite, batch.Slice(0, 100));
        using var before = ImageStores.Open(path);
        using (var writer = ImageStores.Append(path))
        {
            writer.AddMany(batch.Slice(100, 200));
            var second = Assert.Throws<ImageStoreException>(() => ImageStores.Append(path));
            Assert.Contains("another writer", second.Message, StringComparison.Ordinal);
            Assert.Throws<ImageStoreException>(() => ImageStores.Create(StoreKind.Sqlite, path, ImageShape.Cifar10, new StoreOptions { Overwrite = true }));

            // Readers, old and new, see the committed 100 images while the append is under way.
            TestImages.AssertEqual(batch.Slice(0, 100), before.ReadAll());
            using (var during = ImageStores.Open(path))
            {
                Assert.Equal(100, during.Count);
            }

            writer.Commit();
        }

        Assert.Equal(100, before.Count);
        using var after = ImageStores.Open(path);
        TestImages.AssertEqual(batch, after.ReadAll());
    }

    [Fact]
    public void A_replacement_under_way_holds_the_writer_lock_and_old_readers_keep_reading()
    {
        using var dir = new TempDirectory();
        var original = TestImages.Batch(50, ImageShape.Cifar10);
        string path = TestImages.Write(dir, StoreKind.Sqlite, original);
        using var reader = ImageStores.Open(path);
        using (var replacement = ImageStores.Create(StoreKind.Sqlite, path, ImageShape.Cifar10, new StoreOptions { Overwrite = true }))
        {
            replacement.AddMany(TestImages.Batch(20, ImageShape.Cifar10, seed: 8));
            Assert.Contains("another writer", Assert.Throws<ImageStoreException>(() => ImageStores.Append(path)).Message, StringComparison.Ordinal);
            TestImages.AssertEqual(original, reader.ReadAll());
            replacement.Commit();
        }

        using var replaced = ImageStores.Open(path);
        Assert.Equal(20, replaced.Count);
        TestImages.AssertEqual(original, reader.ReadAll());
    }

    [Fact]
    public void A_reader_of_a_replaced_store_never_plays_the_new_stores_live_journal_back()
    {
        using var dir = new TempDirectory();
        string path = TestImages.Write(dir, StoreKind.Sqlite, TestImages.Batch(50, ImageShape.Cifar10));
        using var old = ImageStores.Open(path);
        var replacement = TestImages.Batch(400, ImageShape.Cifar10, seed: 4);
        ImageStores.Write(StoreKind.Sqlite, path, replacement, new StoreOptions { Overwrite = true });

        // A writer in another process is midway through a transaction on the new store, its journal armed.
        KillMidTransaction(path, whileRunning: () =>
        {
            byte[] journal = File.ReadAllBytes(path + "-journal");
            Assert.Throws<StoreReplacedException>(() => old.Read(0, new byte[3072]));
            Assert.Equal(journal, File.ReadAllBytes(path + "-journal"));
        });

        using var store = ImageStores.Open(path);
        TestImages.AssertEqual(replacement, store.ReadAll());
    }

    [Fact]
    public void A_journal_left_by_a_killed_writer_is_rolled_back_before_anyone_reads()
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(500, ImageShape.Cifar10);
        string path = TestImages.Write(dir, StoreKind.Sqlite, batch);
        using var openBefore = ImageStores.Open(path);

        KillMidTransaction(path, whileRunning: () => { });
        Assert.True(File.Exists(path + "-journal"), "the killed writer left a hot journal");
        TestImages.AssertEqual(batch, openBefore.ReadAll());
        Assert.False(File.Exists(path + "-journal"), "reading played the journal back");
        using var store = ImageStores.Open(path);
        TestImages.AssertEqual(batch, store.ReadAll());
        Assert.Equal("ok", Sqlite3(path, "PRAGMA integrity_check;"));
    }

    // A child process overwrites every row in a transaction that spills into the file, then is killed midway.
    private static void KillMidTransaction(string path, Action whileRunning)
    {
        using var child = ChildProcess.Start("sqlite-uncommitted", path);
        ChildProcess.WaitForLine(child, "uncommitted", TimeSpan.FromSeconds(60));
        try
        {
            whileRunning();
        }
        finally
        {
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }
    }

    private static string Sqlite3(string path, string sql) => ExternalTool.Run("sqlite3", Install, "-batch", path, sql).Trim();

    // Damages a store with SQL, as any SQLite tool could.
    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
