using ImageStorage.Datasets;

namespace ImageStorage.Tests.Datasets;

/// <summary>The CIFAR-10 binary batch format: records of label + CHW planes, converted to HWC.</summary>
public class Cifar10BinaryTests
{
    [Fact]
    public void A_hand_made_record_is_converted_from_planes_to_interleaved_pixels()
    {
        using var dir = new TempDirectory();
        var record = new byte[Cifar10Binary.RecordSize];
        record[0] = 7;
        for (int p = 0; p < 1024; p++)
        {
            record[1 + p] = (byte)p;                 // red plane
            record[1 + 1024 + p] = (byte)(p >> 2);   // green plane
            record[1 + 2048 + p] = 200;              // blue plane
        }

        string path = dir.Combine("data_batch_1.bin");
        File.WriteAllBytes(path, record);
        var batch = Cifar10Binary.Read(path);
        Assert.Equal(1, batch.Count);
        Assert.Equal(7, batch.Labels[0]);
        var image = batch.Image(0);
        int pixel = (5 * 32) + 9; // row 5, column 9
        Assert.Equal((byte)pixel, image[pixel * 3]);
        Assert.Equal((byte)(pixel >> 2), image[(pixel * 3) + 1]);
        Assert.Equal(200, image[(pixel * 3) + 2]);
    }

    [Fact]
    public void Written_batches_read_back_exactly_and_form_a_folder()
    {
        using var dir = new TempDirectory();
        var first = SyntheticImages.Generate(30);
        var second = SyntheticImages.Generate(20, seed: 5);
        Cifar10Binary.Write(dir.Combine("data_batch_1.bin"), first);
        Cifar10Binary.Write(dir.Combine("data_batch_2.bin"), second);
        Assert.Equal(30L * Cifar10Binary.RecordSize, new FileInfo(dir.Combine("data_batch_1.bin")).Length);
        TestImages.AssertEqual(first, Cifar10Binary.Read(dir.Combine("data_batch_1.bin")));
        TestImages.AssertEqual(ImageBatch.Concat([first, second]), Cifar10Folder.ReadTraining(dir.Path));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(Cifar10Binary.RecordSize - 1)]
    [InlineData((Cifar10Binary.RecordSize * 2) + 1)]
    public void A_file_of_the_wrong_size_is_refused_naming_the_file(int length)
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("data_batch_1.bin");
        File.WriteAllBytes(path, new byte[length]);
        var e = Assert.Throws<DatasetFormatException>(() => Cifar10Binary.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_out_of_range_is_refused_naming_the_record()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("data_batch_1.bin");
        var bytes = new byte[Cifar10Binary.RecordSize * 3];
        bytes[Cifar10Binary.RecordSize * 2] = 10;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<DatasetFormatException>(() => Cifar10Binary.Read(path));
        Assert.Contains("record 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_batches_is_refused()
    {
        using var dir = new TempDirectory();
        Assert.Throws<DatasetFormatException>(() => Cifar10Folder.ReadTraining(dir.Path));
        Assert.Throws<DatasetFormatException>(() => Cifar10Folder.ReadTraining(dir.Combine("absent")));
    }
}
