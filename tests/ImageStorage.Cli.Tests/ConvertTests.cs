using System.Text.Json;
using ImageStorage.Datasets;

namespace ImageStorage.Cli.Tests;

/// <summary>imagestore convert, info, verify and export on every store kind, from an image folder, a CIFAR-10 folder and another store.</summary>
public class ConvertTests
{
    public static TheoryData<StoreKind> Kinds() => new(Enum.GetValues<StoreKind>().Where(k => !ImageStores.IsObjectStorage(k)));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void An_image_folder_of_jpeg_and_png_files_converts_into_every_kind_and_info_verify_export_work(StoreKind kind)
    {
        using var temp = new TempDirectory();
        var expected = ImageFolders.Make(temp.Combine("folder"), perClass: 7);
        string store = temp.Combine(ImageStores.DefaultName(kind, "store"));

        var convert = Imagestore.Run("convert", temp.Combine("folder"), store, "--to", kind.ToString(), "--batch-size", "5");
        Assert.True(convert.ExitCode == 0, convert.ToString());
        Assert.Contains("wrote 21 images of 20x24x3", convert.Output, StringComparison.Ordinal);
        using (var read = ImageStores.Open(store))
        {
            Assert.Equal(kind, read.Kind);
            Assert.Equal(ImageFolders.Classes, read.ClassNames);
            AssertEqual(expected, read.ReadAll());
        }

        var info = Imagestore.Run("info", store, "--json");
        Assert.True(info.ExitCode == 0, info.ToString());
        using var json = JsonDocument.Parse(info.Output);
        Assert.Equal(kind.ToString(), json.RootElement.GetProperty("kind").GetString());
        Assert.Equal(21, json.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(7, json.RootElement.GetProperty("labels").GetProperty("2").GetInt32());
        Assert.True(json.RootElement.GetProperty("checksums").GetBoolean());
        Assert.Equal(ImageFolders.Classes, json.RootElement.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));

        var verify = Imagestore.Run("verify", store);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("21 images, all good, every checksum matches", verify.Output, StringComparison.Ordinal);

        var export = Imagestore.Run("export", store, temp.Combine("exported"));
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.True(File.Exists(temp.Combine("exported/20.png")) && File.Exists(temp.Combine("exported/labels.csv")));
        using var exported = ImageStores.Open(temp.Combine("exported"));
        AssertEqual(expected, exported.ReadAll());
    }

    [Fact]
    public void Resizing_and_grayscale_give_the_asked_shape_and_a_solid_colour_keeps_its_value()
    {
        using var temp = new TempDirectory();
        var shape = new ImageShape(30, 40, 3);
        var solid = new byte[shape.ByteCount];
        for (int p = 0; p < solid.Length; p += 3)
        {
            (solid[p], solid[p + 1], solid[p + 2]) = (200, 100, 50);
        }

        Directory.CreateDirectory(temp.Combine("folder/a"));
        ImageFolders.Write(temp.Combine("folder/a/one.png"), solid, shape, jpeg: false);
        var result = Imagestore.Run("convert", temp.Combine("folder"), temp.Combine("gray"), "--to", "Raw", "--size", "16x12", "--gray");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var store = ImageStores.Open(temp.Combine("gray"));
        Assert.Equal(new ImageShape(12, 16, 1), store.Shape);
        // BT.601 luma of (200, 100, 50): 0.299*200 + 0.587*100 + 0.114*50 = 124.2.
        Assert.All(store.ReadAll().Pixels.ToArray(), v => Assert.Equal(124, v));
    }

    [Fact]
    public void A_cifar10_folder_converts_its_training_or_test_batches()
    {
        using var temp = new TempDirectory();
        string folder = temp.Combine("cifar-10-batches-bin");
        Directory.CreateDirectory(folder);
        var train1 = SyntheticImages.Generate(30, seed: 1);
        var train2 = SyntheticImages.Generate(20, seed: 2);
        var test = SyntheticImages.Generate(15, seed: 3);
        Cifar10Binary.Write(Path.Combine(folder, "data_batch_1.bin"), train1);
        Cifar10Binary.Write(Path.Combine(folder, "data_batch_2.bin"), train2);
        Cifar10Binary.Write(Path.Combine(folder, "test_batch.bin"), test);

        var result = Imagestore.Run("convert", folder, temp.Combine("train.h5"), "--to", "Hdf5", "--batch-size", "8");
        Assert.True(result.ExitCode == 0, result.ToString());
        using (var store = ImageStores.Open(temp.Combine("train.h5")))
        {
            AssertEqual(ImageBatch.Concat([train1, train2]), store.ReadAll());
        }

        result = Imagestore.Run("convert", folder, temp.Combine("test"), "--to", "Lmdb", "--split", "test");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var testStore = ImageStores.Open(temp.Combine("test"));
        AssertEqual(test, testStore.ReadAll());
    }

    [Fact]
    public void A_store_converts_into_another_kind_byte_exact()
    {
        using var temp = new TempDirectory();
        var batch = SyntheticImages.Generate(300, new ImageShape(16, 16, 3), seed: 4);
        ImageStores.Write(StoreKind.Lmdb, temp.Combine("from"), batch);
        var result = Imagestore.Run("convert", temp.Combine("from"), temp.Combine("to.h5"), "--to", "Hdf5", "--encoding", "Png", "--batch-size", "64");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var store = ImageStores.Open(temp.Combine("to.h5"));
        Assert.Equal(RecordEncoding.Png, store.Encoding);
        AssertEqual(batch, store.ReadAll());
    }

    internal static void AssertEqual(ImageBatch expected, ImageBatch actual)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(expected.Labels[i] == actual.Labels[i], $"label {i}: expected {expected.Labels[i]}, got {actual.Labels[i]}");
            Assert.True(expected.Image(i).SequenceEqual(actual.Image(i)), $"image {i} differs");
        }
    }
}
