using System.Formats.Tar;
using System.Security.Cryptography;
using ImageStorage.Png;

namespace ImageStorage.Tests.Stores;

/// <summary>Tar-shard specifics: GNU tar reads the shards, the shard limits hold, appends never touch old shards, damage is named.</summary>
public class TarShardsStoreTests
{
    private static readonly StoreOptions FourPerShard = new() { TarShardMaxImages = 4 };

    [Fact]
    public void Gnu_tar_lists_the_members_in_order_and_extracts_the_exact_pixels_and_label()
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(10, ImageShape.Cifar10);
        string path = TestImages.StorePath(dir, StoreKind.TarShards);
        ImageStores.Write(StoreKind.TarShards, path, batch, FourPerShard);

        string[] members = Tar("-tf", Shard(path, 1)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["0000000004.u8", "0000000004.cls", "0000000005.u8", "0000000005.cls", "0000000006.u8", "0000000006.cls", "0000000007.u8", "0000000007.cls"], members);
        Assert.Equal(batch.Image(6).ToArray(), TarBytes("-xOf", Shard(path, 1), "0000000006.u8"));
        Assert.Equal(batch.Labels[6].ToString(System.Globalization.CultureInfo.InvariantCulture), System.Text.Encoding.ASCII.GetString(TarBytes("-xOf", Shard(path, 1), "0000000006.cls")));
        Assert.Equal(3, Directory.GetFiles(path, "shard-*.tar").Length);
    }

    [Fact]
    public void Gnu_tar_extracts_a_png_member_that_decodes_to_the_stored_image()
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(5, ImageShape.Cifar10);
        string path = TestImages.StorePath(dir, StoreKind.TarShards);
        ImageStores.Write(StoreKind.TarShards, path, batch, new StoreOptions { Encoding = RecordEncoding.Png });

        Assert.Equal(["0000000000.png", "0000000000.cls"], Tar("-tf", Shard(path, 0)).Split('\n', StringSplitOptions.RemoveEmptyEntries)[..2]);
        byte[] png = TarBytes("-xOf", Shard(path, 0), "0000000003.png");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        var pixels = new byte[ImageShape.Cifar10.ByteCount];
        PngImageCodec.For(PngCodec.SkiaSharp, ImageShape.Cifar10).Decode(png, pixels, "extracted", 3);
        Assert.Equal(batch.Image(3).ToArray(), pixels);
    }

    [Fact]
    public void Shards_keep_to_the_byte_limit_and_an_append_starts_a_new_shard_without_touching_the_old_ones()
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(30, ImageShape.Cifar10);
        string path = TestImages.StorePath(dir, StoreKind.TarShards);
        // Room for three images (3 × 4,608 bytes) and the end-of-archive blocks, not four.
        var options = new StoreOptions { TarShardMaxBytes = (3 * 4608) + 1024 };
        ImageStores.Write(StoreKind.TarShards, path, batch.Slice(0, 20), options);
        var before = Directory.GetFiles(path, "shard-*.tar").Order().ToDictionary(f => f, f => SHA256.HashData(File.ReadAllBytes(f)));
        Assert.Equal(7, before.Count);
        Assert.All(before.Keys, f => Assert.True(new FileInfo(f).Length <= options.TarShardMaxBytes, $"{f} is over the limit"));

        using (var writer = ImageStores.Append(path, options))
        {
            writer.AddMany(batch.Slice(20, 10));
            writer.Commit();
        }

        Assert.All(before, shard => Assert.Equal(shard.Value, SHA256.HashData(File.ReadAllBytes(shard.Key))));
        Assert.Equal(7 + 4, Directory.GetFiles(path, "shard-*.tar").Length);
        Assert.Equal(["0000000020.u8", "0000000020.cls"], Tar("-tf", Shard(path, 7)).Split('\n', StringSplitOptions.RemoveEmptyEntries)[..2]);
        using var store = ImageStores.Open(path);
        TestImages.AssertEqual(batch, store.ReadAll());
        Assert.True(store.Verify().IsValid);
    }

    [Fact]
    public void A_truncated_shard_is_reported_when_the_store_opens()
    {
        using var dir = new TempDirectory();
        string path = TestImages.StorePath(dir, StoreKind.TarShards);
        ImageStores.Write(StoreKind.TarShards, path, TestImages.Batch(10, ImageShape.Cifar10), FourPerShard);
        using (var stream = new FileStream(Shard(path, 1), FileMode.Open))
        {
            stream.SetLength(5000);
        }

        var e = Assert.Throws<CorruptStoreException>(() => ImageStores.Open(path));
        Assert.Contains("shard-000001.tar", e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_index_entry_with_a_wrong_length_is_reported_with_the_id()
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(6, ImageShape.Cifar10);
        string path = TestImages.Write(dir, StoreKind.TarShards, batch);
        using (var index = new FileStream(Path.Combine(path, "index.bin"), FileMode.Open))
        {
            // Entry 2's length field (bytes 12–15 of its 20) becomes 3,000.
            index.Position = (2 * 20) + 12;
            index.Write(BitConverter.GetBytes(3000));
        }

        using var store = ImageStores.Open(path);
        var e = Assert.Throws<CorruptStoreException>(() => store.Read(2, new byte[3072]));
        Assert.Equal(2, e.ImageId);
        Assert.Contains("wrong length", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, Assert.Throws<CorruptStoreException>(() => store.ReadAll()).ImageId);
        Assert.Equal(batch.Labels[3], store.Read(3, new byte[3072]));
    }

    [Theory]
    [InlineData("wrong-name", "0000000001.jpg")]
    [InlineData("wrong-size", "3000 bytes")]
    public void A_member_with_a_wrong_name_or_size_is_named_by_verify(string damage, string expected)
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(4, ImageShape.Cifar10);
        string path = TestImages.Write(dir, StoreKind.TarShards, batch);
        // Rewritten by System.Formats.Tar with member 1 renamed, or its data 72 bytes short (same blocks, so every offset stays).
        RewriteShard(Shard(path, 0), entry =>
        {
            if (entry.Name != "0000000001.u8")
            {
                return;
            }

            if (damage == "wrong-name")
            {
                entry.Name = "0000000001.jpg";
            }
            else
            {
                entry.DataStream = new MemoryStream(batch.Image(1)[..3000].ToArray());
            }
        });

        using var store = ImageStores.Open(path);
        var report = store.Verify();
        var bad = Assert.Single(report.BadImages);
        Assert.Equal(1, bad.Id);
        Assert.Contains(expected, bad.Problem, StringComparison.Ordinal);
        TestImages.AssertEqual(batch.Slice(2, 2), store.ReadRange(2, 2));
    }

    [Fact]
    public void A_missing_shard_makes_its_images_missing_and_the_others_still_read()
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(10, ImageShape.Cifar10);
        string path = TestImages.StorePath(dir, StoreKind.TarShards);
        ImageStores.Write(StoreKind.TarShards, path, batch, FourPerShard);
        File.Delete(Shard(path, 1));

        using var store = ImageStores.Open(path);
        var e = Assert.Throws<ImageNotFoundException>(() => store.Read(5, new byte[3072]));
        Assert.Equal(5, e.ImageId);
        Assert.Contains("shard-000001.tar", e.Message, StringComparison.Ordinal);
        TestImages.AssertEqual(batch.Slice(8, 2), store.ReadRange(8, 2));
        Assert.Equal([4, 5, 6, 7], store.Verify().BadImages.Select(b => b.Id));
    }

    [Fact]
    public void A_missing_or_truncated_index_is_reported_when_the_store_opens()
    {
        using var dir = new TempDirectory();
        string path = TestImages.Write(dir, StoreKind.TarShards, TestImages.Batch(5, ImageShape.Cifar10));
        string index = Path.Combine(path, "index.bin");
        File.WriteAllBytes(index, File.ReadAllBytes(index)[..^20]);
        Assert.Contains("truncated", Assert.Throws<CorruptStoreException>(() => ImageStores.Open(path)).Message, StringComparison.Ordinal);
        File.Delete(index);
        Assert.Matches("index\\.bin:? is missing", Assert.Throws<CorruptStoreException>(() => ImageStores.Open(path)).Message);
    }

    [Fact]
    public void Shard_limits_must_be_positive()
    {
        using var dir = new TempDirectory();
        string path = TestImages.StorePath(dir, StoreKind.TarShards);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageStores.Create(StoreKind.TarShards, path, ImageShape.Cifar10, new StoreOptions { TarShardMaxImages = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageStores.Create(StoreKind.TarShards, path, ImageShape.Cifar10, new StoreOptions { TarShardMaxBytes = -1 }));
        Assert.False(Directory.Exists(path));
    }

    private static string Shard(string store, int number) => Path.Combine(store, $"shard-{number:D6}.tar");

    private static string Tar(params string[] arguments) => ExternalTool.Run("tar", "tar", arguments);

    private static byte[] TarBytes(params string[] arguments) => ExternalTool.RunForBytes("tar", "tar", arguments);

    // Copies every member of the shard through System.Formats.Tar, letting change alter each one on the way.
    private static void RewriteShard(string shard, Action<UstarTarEntry> change)
    {
        string copy = shard + ".rewritten";
        using (var source = new TarReader(File.OpenRead(shard)))
        using (var target = new TarWriter(File.Create(copy), TarEntryFormat.Ustar))
        {
            while (source.GetNextEntry(copyData: true) is { } entry)
            {
                var member = new UstarTarEntry(entry);
                change(member);
                target.WriteEntry(member);
            }
        }

        File.Move(copy, shard, overwrite: true);
    }
}
