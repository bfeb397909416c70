using ImageStorage.IO;

namespace ImageStorage.Tests.Stores;

/// <summary>Stores that can hold PNG bytes instead of pixels (LMDB, HDF5, SQLite, …) remember it, so readers need no flag.</summary>
public class EncodedRecordTests
{
    private static readonly StoreOptions Png = new() { Encoding = RecordEncoding.Png };

    public static TheoryData<StoreKind> PngKinds() => new(TestImages.LocalKinds.Where(k => ImageStores.Encodings(k).Contains(RecordEncoding.Png)));

    public static TheoryData<StoreKind> RawOnlyKinds() => new(TestImages.LocalKinds.Where(k => !ImageStores.Encodings(k).Contains(RecordEncoding.Png)));

    [Theory]
    [MemberData(nameof(PngKinds))]
    public void Png_encoded_records_read_back_exactly_by_every_path(StoreKind kind)
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(300, ImageShape.Cifar10);
        string path = TestImages.StorePath(dir, kind);
        ImageStores.Write(kind, path, batch, Png);

        using var store = ImageStores.Open(path);
        TestImages.AssertEqual(batch, store.ReadAll());
        TestImages.AssertEqual(batch.Slice(120, 60), store.ReadRange(120, 60));
        var some = store.ReadMany([299, 0, 150]);
        TestImages.AssertEqual(batch.Slice(299, 1), some.Slice(0, 1));
        TestImages.AssertEqual(batch.Slice(150, 1), some.Slice(2, 1));
        var one = new byte[3072];
        Assert.Equal(batch.Labels[77], store.Read(77, one));
        Assert.Equal(batch.Image(77).ToArray(), one);
    }

    [Theory]
    [MemberData(nameof(PngKinds))]
    public void Encoded_stores_are_smaller_than_raw_ones_and_keep_their_encoding_on_append(StoreKind kind)
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(500, ImageShape.Cifar10);
        string raw = TestImages.Write(dir, kind, batch, "raw");
        string encoded = TestImages.StorePath(dir, kind, "png");
        ImageStores.Write(kind, encoded, batch.Slice(0, 400), Png);
        using (var writer = ImageStores.Append(encoded))
        {
            writer.AddMany(batch.Slice(400, 100));
            writer.Commit();
        }

        // A tar member is padded to 512-byte blocks and comes with 1.5 KiB of headers and label: a 1.7 KB PNG takes 3.5 KiB, not 4.5.
        double atMost = kind == StoreKind.TarShards ? 0.8 : 0.75;
        double ratio = (double)DiskUsage.AllocatedBytes(encoded) / DiskUsage.AllocatedBytes(raw);
        Assert.True(ratio < atMost, $"PNG records take {ratio:P0} of the space of raw ones; at most {atMost:P0} expected");
        using var store = ImageStores.Open(encoded);
        TestImages.AssertEqual(batch, store.ReadAll());
    }

    [Fact]
    public void H5dump_sees_the_png_layout()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("png.h5");
        ImageStores.Write(StoreKind.Hdf5, path, TestImages.Batch(12, ImageShape.Cifar10), Png);
        string header = ExternalTool.Run("h5dump", "hdf5-tools", "-H", path);
        Assert.Contains("DATASET \"png_offsets\"", header, StringComparison.Ordinal);
        Assert.Contains("SIMPLE { ( 13 ) / ( 13 ) }", header, StringComparison.Ordinal);
        Assert.Contains("DATASET \"png\"", header, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RawOnlyKinds))]
    public void Raw_only_stores_refuse_an_encoding(StoreKind kind)
    {
        using var dir = new TempDirectory();
        Assert.Throws<ArgumentException>(() => ImageStores.Create(kind, TestImages.StorePath(dir, kind), ImageShape.Cifar10, Png));
    }
}
