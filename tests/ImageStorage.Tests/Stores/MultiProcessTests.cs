namespace ImageStorage.Tests.Stores;

/// <summary>Two processes reading one store at the same time both get exactly what was stored.</summary>
public class MultiProcessTests
{
    [Theory]
    [InlineData(StoreKind.Lmdb)]
    [InlineData(StoreKind.Hdf5)]
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
}
