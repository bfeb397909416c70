using ImageStorage.Hdf5;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace ImageStorage.Tests.Stores;

/// <summary>HDF5 files interoperate with the HDF5 tools, and damaged files are reported, never crash.</summary>
public class Hdf5StoreTests
{
    [Fact]
    public void H5dump_reads_the_dims_and_types_of_a_file_we_wrote()
    {
        using var dir = new TempDirectory();
        string path = TestImages.Write(dir, StoreKind.Hdf5, TestImages.Batch(21, new ImageShape(28, 28, 1)));
        string header = Run("h5dump", "-H", "-p", path);
        Assert.Contains("DATASET \"images\"", header, StringComparison.Ordinal);
        Assert.Contains("H5T_STD_U8LE", header, StringComparison.Ordinal);
        Assert.Contains("SIMPLE { ( 21, 28, 28, 1 ) / ( 21, 28, 28, 1 ) }", header, StringComparison.Ordinal);
        Assert.Contains("DATASET \"labels\"", header, StringComparison.Ordinal);
        Assert.Contains("H5T_STD_I32LE", header, StringComparison.Ordinal);
        Assert.Contains("CONTIGUOUS", header, StringComparison.Ordinal);

        // And the values themselves: h5dump prints the labels we stored.
        var batch = TestImages.Batch(21, new ImageShape(28, 28, 1));
        string labels = Run("h5dump", "-d", "labels", "-w", "0", path);
        Assert.Contains(string.Join(", ", batch.Labels.ToArray()), labels, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_written_by_h5py_is_read_byte_exact()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", "hdf5", "h5py_fixture.h5");
        using var store = ImageStores.Open(path);
        Assert.Equal(new ImageShape(8, 8, 3), store.Shape);
        var all = store.ReadAll();
        Assert.Equal([0, 1, 2, 3], all.Labels.ToArray());
        for (int i = 0; i < 4; i++)
        {
            byte[] expected = [.. Enumerable.Range(0, 192).Select(j => (byte)(((i * 7) + j) % 256))];
            Assert.Equal(expected, all.Image(i).ToArray());
        }
    }

    [Fact]
    public void Big_endian_labels_under_the_article_name_meta_are_decoded_by_the_store()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", "hdf5", "h5py_bigendian_meta.h5");
        using (var file = H5File.OpenRead(path))
        {
            Assert.True(ContiguousData.IsBigEndianInteger(file.Dataset("meta")));
            Assert.False(ContiguousData.IsBigEndianInteger(file.Dataset("images")));
        }

        using var store = ImageStores.Open(path);
        Assert.Equal([9, 8, 7, 300], store.ReadAll().Labels.ToArray());
        Assert.Equal(300, store.Read(3, new byte[192]));
    }

    [Fact]
    public void Positioned_reads_match_PureHDF_own_reads()
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(300, ImageShape.Cifar10);
        string path = TestImages.Write(dir, StoreKind.Hdf5, batch);
        using var file = H5File.OpenRead(path);
        var dataset = (NativeDataset)file.Dataset("images");
        Assert.NotNull(ContiguousData.FileOffset(dataset));
        var viaPureHdf = new byte[50 * 3072];
        dataset.Read<byte>(viaPureHdf, fileSelection: new HyperslabSelection(rank: 4, starts: [120, 0, 0, 0], blocks: [50, 32, 32, 3]));

        int[] labelsViaPureHdf = file.Dataset("labels").Read<int[]>();
        Assert.False(ContiguousData.IsBigEndianInteger(file.Dataset("labels")));

        using var store = ImageStores.Open(path);
        var range = store.ReadRange(120, 50);
        Assert.Equal(viaPureHdf, range.Pixels.ToArray());
        Assert.Equal(labelsViaPureHdf[120..170], range.Labels.ToArray());
        Assert.Equal(batch.Images(120, 50).ToArray(), viaPureHdf);
        Assert.Equal(batch.Labels.ToArray(), labelsViaPureHdf);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(100)]
    public void A_truncated_file_is_reported_with_its_path(int fraction)
    {
        using var dir = new TempDirectory();
        string path = TestImages.Write(dir, StoreKind.Hdf5, TestImages.Batch(50, ImageShape.Cifar10));
        using (var stream = new FileStream(path, FileMode.Open))
        {
            stream.SetLength(stream.Length / fraction);
        }

        var e = Assert.ThrowsAny<ImageStoreException>(() =>
        {
            using var store = ImageStores.Open(path);
            store.ReadAll();
        });
        Assert.IsType<CorruptStoreException>(e);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_the_expected_datasets_is_not_a_store()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("other.h5");
        new H5File { ["pictures"] = new byte[] { 1, 2, 3 } }.Write(path);
        var e = Assert.Throws<NotAStoreException>(() => ImageStores.Open(path));
        Assert.Contains("'images'", e.Message, StringComparison.Ordinal);

        // A file without the HDF5 signature is no store of any kind; one with it but damaged is a corrupt store.
        string text = dir.Combine("text.h5");
        File.WriteAllText(text, "this is not HDF5 at all");
        Assert.Throws<NotAStoreException>(() => ImageStores.Open(text));
        File.WriteAllBytes(text, [.. Hdf5Format.Signature, .. "but nothing after it"u8]);
        Assert.Throws<CorruptStoreException>(() => ImageStores.Open(text));
    }

    private static string Run(string program, params string[] arguments) => ExternalTool.Run(program, "Debian: apt-get install hdf5-tools", arguments);
}
