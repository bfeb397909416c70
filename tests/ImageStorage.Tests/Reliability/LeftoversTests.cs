namespace ImageStorage.Tests.Reliability;

/// <summary>What a killed writer leaves inside a store is removed by the next writer, and readers never see it.</summary>
public class LeftoversTests
{
    public static TheoryData<StoreKind> DirectoryKindsWithManifest() => new(StoreKind.Raw, StoreKind.Png);

    [Theory]
    [MemberData(nameof(DirectoryKindsWithManifest))]
    public void Temporary_files_a_dead_writer_left_in_the_store_are_removed_by_the_next_writer(StoreKind kind)
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(6, ImageShape.Cifar10);
        string path = TestImages.Write(dir, kind, batch);
        string[] leftovers = [Path.Combine(path, "imagestore.json.imagestore-tmp-1a2b3c4d"), Path.Combine(path, "labels.csv.imagestore-tmp-5e6f7a8b")];
        foreach (string leftover in leftovers)
        {
            File.WriteAllText(leftover, "{ half written");
        }

        using (var store = ImageStores.Open(path))
        {
            TestImages.AssertEqual(batch, store.ReadAll());
        }

        ImageStores.Append(path).Dispose();
        Assert.All(leftovers, f => Assert.False(File.Exists(f), $"{f} is still there"));
    }

    [Fact]
    public void Images_a_killed_png_append_left_past_the_committed_count_are_removed_by_the_next_writer()
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(25, ImageShape.Cifar10);
        string path = TestImages.Write(dir, StoreKind.Png, batch);

        using (var child = ChildProcess.Start("append-uncommitted", path))
        {
            ChildProcess.WaitForLine(child, "progress 665", TimeSpan.FromSeconds(60));
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }

        Assert.True(Orphans(path, 25).Length > 0, "the killed writer left images past the committed count");
        using (var store = ImageStores.Open(path))
        {
            TestImages.AssertEqual(batch, store.ReadAll());
        }

        ImageStores.Append(path).Dispose();
        Assert.Empty(Orphans(path, 25));
        using var after = ImageStores.Open(path);
        TestImages.AssertEqual(batch, after.ReadAll());
    }

    [Fact]
    public void Bytes_a_killed_raw_append_wrote_past_the_committed_count_are_cut_by_the_next_writer()
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(25, ImageShape.Cifar10);
        string path = TestImages.Write(dir, StoreKind.Raw, batch);
        using (var child = ChildProcess.Start("append-uncommitted", path))
        {
            ChildProcess.WaitForLine(child, "progress 665", TimeSpan.FromSeconds(60));
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }

        string images = Path.Combine(path, "images.u8");
        Assert.True(new FileInfo(images).Length > 25 * 3072, "the killed writer wrote past the committed count");
        ImageStores.Append(path).Dispose();
        Assert.Equal(25 * 3072, new FileInfo(images).Length);
    }

    [Fact]
    public void A_second_writer_is_refused_while_one_appends()
    {
        using var dir = new TempDirectory();
        foreach (var kind in TestImages.LocalKinds)
        {
            string path = TestImages.Write(dir, kind, TestImages.Batch(3, ImageShape.Cifar10), kind.ToString());
            using var first = ImageStores.Append(path);
            var e = Assert.Throws<ImageStoreException>(() => ImageStores.Append(path));
            Assert.Contains("one writer at a time", e.Message, StringComparison.Ordinal);
            Assert.Throws<ImageStoreException>(() => ImageStores.Create(kind, path, ImageShape.Cifar10, new StoreOptions { Overwrite = true }));
        }
    }

    private static string[] Orphans(string path, int count) =>
        [.. Directory.GetFiles(path, "*.png").Where(f => int.Parse(Path.GetFileNameWithoutExtension(f), System.Globalization.CultureInfo.InvariantCulture) >= count)];
}
