using ImageStorage.Datasets;

namespace ImageStorage.Cli.Tests;

/// <summary>Each bad input is one clear line naming the file, exit code 2, and nothing written.</summary>
public class BadInputTests
{
    [Fact]
    public void A_missing_source_is_named()
    {
        using var temp = new TempDirectory();
        var result = Imagestore.Run("convert", temp.Combine("nowhere"), temp.Combine("out"), "--to", "Raw");
        AssertBadInput(result, temp.Combine("nowhere"), "no such file or folder");
        Assert.False(Directory.Exists(temp.Combine("out")));
    }

    [Theory]
    [InlineData("--gray")]
    [InlineData("--size", "16x16")]
    public void Gray_or_size_on_a_cifar10_folder_is_refused_not_ignored(params string[] option)
    {
        using var temp = new TempDirectory();
        string folder = temp.Combine("cifar-10-batches-bin");
        Directory.CreateDirectory(folder);
        Cifar10Binary.Write(Path.Combine(folder, "data_batch_1.bin"), SyntheticImages.Generate(4, seed: 1));
        AssertBadInput(Imagestore.Run(["convert", folder, temp.Combine("out"), "--to", "Raw", .. option]), folder, "--size and --gray apply to image folders only");
        Assert.False(Directory.Exists(temp.Combine("out")));
    }

    [Fact]
    public void An_empty_image_folder_is_named()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("folder/cats"));
        File.WriteAllText(temp.Combine("folder/cats/notes.txt"), "no images here");
        AssertBadInput(Imagestore.Run("convert", temp.Combine("folder"), temp.Combine("out"), "--to", "Raw"), temp.Combine("folder"), "no JPEG or PNG images");
    }

    [Fact]
    public void A_corrupt_jpeg_among_good_ones_stops_the_conversion_naming_it_or_is_skipped_when_asked()
    {
        using var temp = new TempDirectory();
        ImageFolders.Make(temp.Combine("folder"), perClass: 6);
        string bad = temp.Combine("folder/bird/0003.jpg");
        byte[] bytes = File.ReadAllBytes(bad);
        File.WriteAllBytes(bad, bytes[..(bytes.Length / 3)]);

        AssertBadInput(Imagestore.Run("convert", temp.Combine("folder"), temp.Combine("out"), "--to", "Lmdb"), bad, "does not decode");
        Assert.False(Directory.Exists(temp.Combine("out")), "nothing is published when a conversion stops");

        var skipped = Imagestore.Run("convert", temp.Combine("folder"), temp.Combine("out"), "--to", "Lmdb", "--skip-bad");
        Assert.True(skipped.ExitCode == 0, skipped.ToString());
        Assert.Contains($"warning: skipped {bad}", skipped.Error, StringComparison.Ordinal);
        using var store = ImageStores.Open(temp.Combine("out"));
        Assert.Equal(17, store.Count);
    }

    [Fact]
    public void Images_of_different_sizes_without_size_are_refused_naming_the_odd_one()
    {
        using var temp = new TempDirectory();
        ImageFolders.Make(temp.Combine("folder"), perClass: 3);
        var shape = new ImageShape(10, 12, 3);
        string odd = temp.Combine("folder/cat/9999.png");
        ImageFolders.Write(odd, new byte[shape.ByteCount], shape, jpeg: false);
        AssertBadInput(Imagestore.Run("convert", temp.Combine("folder"), temp.Combine("out"), "--to", "Raw"), odd, "--size");

        var resized = Imagestore.Run("convert", temp.Combine("folder"), temp.Combine("out"), "--to", "Raw", "--size", "24x20");
        Assert.True(resized.ExitCode == 0, resized.ToString());
    }

    [Fact]
    public void An_unknown_kind_is_refused()
    {
        using var temp = new TempDirectory();
        ImageFolders.Make(temp.Combine("folder"), perClass: 1);
        var result = Imagestore.Run("convert", temp.Combine("folder"), temp.Combine("out"), "--to", "Parquet");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Parquet", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_destination_that_exists_is_kept_unless_overwrite_is_given()
    {
        using var temp = new TempDirectory();
        ImageFolders.Make(temp.Combine("folder"), perClass: 2);
        Directory.CreateDirectory(temp.Combine("out"));
        File.WriteAllText(temp.Combine("out/precious.txt"), "keep me");
        AssertBadInput(Imagestore.Run("convert", temp.Combine("folder"), temp.Combine("out"), "--to", "Raw"), temp.Combine("out"), "--overwrite");
        // Even with --overwrite, something that is not a store of that kind is never replaced.
        AssertBadInput(Imagestore.Run("convert", temp.Combine("folder"), temp.Combine("out"), "--to", "Raw", "--overwrite"), temp.Combine("out"), "refusing to replace it");
        Assert.Equal("keep me", File.ReadAllText(temp.Combine("out/precious.txt")));
    }

    [Fact]
    public void A_path_that_is_not_a_store_is_named_by_info_and_verify()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("notes.txt"), "text");
        AssertBadInput(Imagestore.Run("info", temp.Combine("notes.txt")), temp.Combine("notes.txt"), "not an image store");
        AssertBadInput(Imagestore.Run("verify", temp.Combine("absent")), temp.Combine("absent"), "no such file or folder");
    }

    private static void AssertBadInput(Imagestore.Result result, string named, string says)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        string[] lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string error = Assert.Single(lines, l => l.StartsWith("imagestore: ", StringComparison.Ordinal) && !l.Contains(" -> ", StringComparison.Ordinal));
        Assert.True(error.Contains(named, StringComparison.Ordinal) && error.Contains(says, StringComparison.Ordinal), $"expected a line naming {named} and saying '{says}', got: {error}");
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }
}
