using ImageStorage.Datasets;

namespace ImageStorage.Cli.Tests;

/// <summary>imagestore verify: exit 0 when every image matches its checksum, 1 naming each damaged one, and "no checksums" said plainly.</summary>
public class VerifyTests
{
    [Fact]
    public void A_damaged_image_is_named_and_the_exit_code_is_1()
    {
        using var temp = new TempDirectory();
        var batch = SyntheticImages.Generate(40, seed: 8);
        string store = temp.Combine("store");
        ImageStores.Write(StoreKind.Raw, store, batch);
        using (var images = new FileStream(Path.Combine(store, "images.u8"), FileMode.Open))
        {
            images.Position = (23 * 3072) + 5;
            images.WriteByte(0x5A);
        }

        var result = Imagestore.Run("verify", store);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"{store}: image 23: checksum mismatch", result.Output, StringComparison.Ordinal);
        Assert.Contains("1 of 40 images are damaged", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_written_before_checksums_says_so_and_passes()
    {
        using var temp = new TempDirectory();
        string store = temp.Combine("old");
        Directory.CreateDirectory(store);
        string fixture = Path.Combine(AppContext.BaseDirectory, "previous-release", "raw-v1");
        foreach (string file in Directory.GetFiles(fixture))
        {
            File.Copy(file, Path.Combine(store, Path.GetFileName(file)));
        }

        var result = Imagestore.Run("verify", store);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("no checksums", result.Output, StringComparison.Ordinal);
    }
}
