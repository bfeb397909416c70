using System.Security.Cryptography;

namespace ImageStorage.Tests.Interop;

/// <summary>LMDB stores are in the released LMDB 0.9 format: the LMDB tools and py-lmdb read ours, and we read one py-lmdb wrote.</summary>
public class LmdbInteropTests
{
    private const string Install = "lmdb-utils python3-lmdb";

    [Fact]
    public void Mdb_stat_reads_a_store_we_wrote()
    {
        using var dir = new TempDirectory();
        string path = TestImages.Write(dir, StoreKind.Lmdb, TestImages.Batch(120, ImageShape.Cifar10));
        string stat = ExternalTool.Run("mdb_stat", Install, "-e", path);
        Assert.Contains("Entries: 121", stat, StringComparison.Ordinal); // 120 images and the metadata record
    }

    [Fact]
    public void Py_lmdb_reads_a_store_we_wrote_byte_exact_and_checks_every_checksum()
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(150, new ImageShape(20, 24, 3));
        string path = TestImages.Write(dir, StoreKind.Lmdb, batch);
        string line = ExternalTool.Run(ExternalTool.Python, Install, ExternalTool.Script("lmdb_interop.py"), "read", path).Trim();
        Assert.StartsWith($"count 150 shape 20x24x3 pixels {Hash(batch.Pixels)} labels {Hash(System.Runtime.InteropServices.MemoryMarshal.AsBytes(batch.Labels))}", line, StringComparison.Ordinal);
        Assert.Contains("lmdb (0, 9,", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_py_lmdb_wrote_in_our_record_format_reads_byte_exact()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("from-python");
        ExternalTool.Run(ExternalTool.Python, Install, ExternalTool.Script("lmdb_interop.py"), "write", path, "40", "8", "8", "3");
        using var store = ImageStores.Open(path, new StoreOptions { VerifyChecksums = true });
        Assert.Equal(StoreKind.Lmdb, store.Kind);
        Assert.True(store.HasChecksums);
        var all = store.ReadAll();
        for (int i = 0; i < 40; i++)
        {
            Assert.Equal(i % 10, all.Labels[i]);
            Assert.Equal(Enumerable.Range(0, 192).Select(j => (byte)(((i * 7) + j) % 256)), all.Image(i).ToArray());
        }

        Assert.True(store.Verify().IsValid);
    }

    private static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
