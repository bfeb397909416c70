using ImageStorage.IO;

namespace ImageStorage.Tests.Stores;

/// <summary>Disk usage counts allocated blocks as du does, not file lengths.</summary>
public class DiskUsageTests
{
    [Fact]
    public void A_sparse_file_counts_only_its_allocated_blocks()
    {
        using var dir = new TempDirectory();
        string sparse = dir.Combine("sparse.bin");
        using (var stream = new FileStream(sparse, FileMode.CreateNew))
        {
            stream.SetLength(64L << 20);
            stream.Write(new byte[4096]);
        }

        long allocated = DiskUsage.AllocatedBytes(sparse);
        Assert.InRange(allocated, 4096, 1L << 20);
    }

    [Fact]
    public void A_directory_counts_every_file_below_it()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("sub"));
        File.WriteAllBytes(dir.Combine("a.bin"), new byte[10000]);
        File.WriteAllBytes(Path.Combine(dir.Combine("sub"), "b.bin"), new byte[20000]);
        Assert.InRange(DiskUsage.AllocatedBytes(dir.Path), 30000, 30000 + (8 * 4096));
        Assert.Throws<ImageStoreException>(() => DiskUsage.AllocatedBytes(dir.Combine("absent")));
    }
}
