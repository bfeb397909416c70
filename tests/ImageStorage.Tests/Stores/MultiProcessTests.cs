namespace ImageStorage.Tests.Stores;

/// <summary>Two processes reading one store at the same time both get exactly what was stored.</summary>
public class MultiProcessTests
{
    [Theory]
    [InlineData(StoreKind.Lmdb)]
    [InlineData(StoreKind.Hdf5)]
    [InlineData(StoreKind.RocksDb)]
    [InlineData(StoreKind.TarShards)]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Arrow)]
    public void Two_processes_read_the_same_store_at_once(StoreKind kind)
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(2000, ImageShape.Cifar10);
        string path = TestImages.Write(dir, kind, batch);
        long expected = Program.Checksum(batch);

        using var first = ChildProcess.Start("read-checksum", kind.ToString(), path);
        using var second = ChildProcess.Start("read-checksum", kind.ToString(), path);
        using (var store = ImageStores.Open(path))
        {
            // This process reads too while both children run.
            TestImages.AssertEqual(batch, store.ReadAll());
        }

        foreach (var child in new[] { first, second })
        {
            string line = ChildProcess.WaitForLine(child, "checksum ", TimeSpan.FromSeconds(60));
            Assert.True(child.WaitForExit(30_000), "the reader process did not finish");
            Assert.Equal($"checksum {expected}", line);
            Assert.Equal(0, child.ExitCode);
        }
    }

    public static TheoryData<StoreKind> Kinds() => new(TestImages.LocalKinds);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_process_reading_while_another_appends_always_sees_whole_commits(StoreKind kind)
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(64, ImageShape.Cifar10, seed: 99);
        string path = TestImages.Write(dir, kind, batch);

        using var appender = ChildProcess.Start("append-forever", kind.ToString(), path);
        ChildProcess.WaitForLine(appender, "committed 128", TimeSpan.FromSeconds(60));
        int seen = 0;
        for (int round = 0; round < 20; round++)
        {
            using var store = ImageStores.Open(path);
            Assert.True(store.Count % 64 == 0 && store.Count >= seen, $"read {store.Count} images after {seen}: a commit was seen in part");
            seen = store.Count;
            AssertRepeats(batch, store.ReadAll());
        }

        appender.Kill(entireProcessTree: true);
        appender.WaitForExit();
        using var final = ImageStores.Open(path);
        Assert.True(final.Count >= seen);
        AssertRepeats(batch, final.ReadAll());
    }

    // Every commit appended the same batch, so image i is the batch's image i mod its count.
    private static void AssertRepeats(ImageBatch batch, ImageBatch read)
    {
        for (int i = 0; i < read.Count; i++)
        {
            Assert.True(batch.Image(i % batch.Count).SequenceEqual(read.Image(i)), $"image {i} differs");
            Assert.Equal(batch.Labels[i % batch.Count], read.Labels[i]);
        }
    }
}
