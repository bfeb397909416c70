using System.Security.Cryptography;

namespace ImageStorage.Tests.Interop;

/// <summary>h5py, the reader the article uses, reads an HDF5 store we wrote byte-exact: images, labels, checksums and attributes.</summary>
public class Hdf5InteropTests
{
    [Fact]
    public void H5py_reads_a_store_we_wrote_byte_exact()
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(64, ImageShape.Cifar10);
        string path = TestImages.Write(dir, StoreKind.Hdf5, batch);
        string line = ExternalTool.Run(ExternalTool.Python, "python3-h5py python3-numpy", ExternalTool.Script("h5py_interop.py"), path).Trim();
        string pixels = Convert.ToHexStringLower(SHA256.HashData(batch.Pixels));
        int labelSum = batch.Labels.ToArray().Sum();
        // h5py.h5d.CONTIGUOUS is layout 1: one positioned read per image, as our reader does.
        Assert.Equal($"shape (64, 32, 32, 3) dtype uint8 labels int32 pixels {pixels} labelsum {labelSum} attrs checksum=crc32,format=imagestorage-hdf5,version=2 layout 1", line);
    }
}
