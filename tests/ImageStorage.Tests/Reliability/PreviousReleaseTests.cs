using ImageStorage.Datasets;

namespace ImageStorage.Tests.Reliability;

/// <summary>Stores written by the previous release (TestData/previous-release) still read, and say they have no checksums; its LMDB stores are refused with their cause.</summary>
public class PreviousReleaseTests
{
    private static readonly ImageBatch Written = SyntheticImages.Generate(4, new ImageShape(8, 8, 3), seed: 5);

    [Theory]
    [InlineData("raw-v1", StoreKind.Raw)]
    [InlineData("png-v1", StoreKind.Png)]
    [InlineData("hdf5-v1.h5", StoreKind.Hdf5)]
    public void A_store_without_checksums_reads_byte_exact_and_says_so(string name, StoreKind kind)
    {
        using var dir = new TempDirectory();
        string path = Fixture(dir, name);
        Assert.Equal(kind, ImageStores.Detect(path));
        using var store = ImageStores.Open(path, new StoreOptions { VerifyChecksums = true });
        Assert.False(store.HasChecksums);
        TestImages.AssertEqual(Written, store.ReadAll());
        var report = store.Verify();
        Assert.False(report.HasChecksums);
        Assert.True(report.IsValid);
    }

    [Theory]
    [InlineData("raw-v1")]
    [InlineData("png-v1")]
    [InlineData("hdf5-v1.h5")]
    public void Appending_to_a_store_without_checksums_keeps_it_readable_and_without_them(string name)
    {
        using var dir = new TempDirectory();
        string path = Fixture(dir, name);
        var more = SyntheticImages.Generate(3, Written.Shape, seed: 6);
        using (var writer = ImageStores.Append(path))
        {
            writer.AddMany(more);
            writer.Commit();
        }

        using var store = ImageStores.Open(path);
        Assert.False(store.HasChecksums);
        TestImages.AssertEqual(ImageBatch.Concat([Written, more]), store.ReadAll());
    }

    [Fact]
    public void An_lmdb_store_in_the_lmdb_1_0_data_format_is_refused_naming_that_cause()
    {
        using var dir = new TempDirectory();
        string path = Fixture(dir, "lmdb-v1-lmdb10");
        var e = Assert.Throws<UnsupportedFormatException>(() => ImageStores.Open(path));
        Assert.Contains("LMDB 1.0", e.Message, StringComparison.Ordinal);
        Assert.Contains("data format 3", e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_lmdb_data_file_is_corrupt_and_the_message_gives_lmdb_own_code()
    {
        using var dir = new TempDirectory();
        string path = TestImages.Write(dir, StoreKind.Lmdb, TestImages.Batch(20, ImageShape.Cifar10));
        using (var data = new FileStream(Path.Combine(path, "data.mdb"), FileMode.Open))
        {
            data.SetLength(100);
        }

        var e = Assert.Throws<CorruptStoreException>(() => ImageStores.Open(path));
        Assert.Matches(@"LMDB cannot open the environment: \w+ \(-?\d+\)", e.Message);
        Assert.Contains("data.mdb", e.Message, StringComparison.Ordinal);
    }

    // A copy of the fixture in a fresh folder: opening writes nothing to a store, but LMDB makes its lock file.
    private static string Fixture(TempDirectory dir, string name)
    {
        string source = Path.Combine(AppContext.BaseDirectory, "TestData", "previous-release", name);
        string target = dir.Combine(name);
        if (File.Exists(source))
        {
            File.Copy(source, target);
            return target;
        }

        Directory.CreateDirectory(target);
        foreach (string file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }
}
