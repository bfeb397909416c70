using System.Diagnostics;

namespace ImageStorage.Cli.Tests;

/// <summary>Conversion streams: memory is bounded by the batch size, not the folder; Ctrl-C publishes nothing.</summary>
public class StreamingTests
{
    [Fact]
    public void Memory_is_bounded_by_the_batch_size_not_by_the_folder()
    {
        using var temp = new TempDirectory();
        // 1,200 images of 128x128x3: 59 MB of pixels decoded, against 2.5 MB per batch of 50.
        ImageFolders.Make(temp.Combine("folder"), perClass: 400, width: 128, height: 128);
        long streamed = PeakWhileConverting(temp, "50", "streamed");
        long whole = PeakWhileConverting(temp, "100000", "whole");
        long pixels = 1200L * 128 * 128 * 3;
        Assert.True(streamed < whole - (pixels / 2), $"peak memory streaming {streamed / 1_000_000} MB, holding every image {whole / 1_000_000} MB; the pixels are {pixels / 1_000_000} MB");
    }

    [Fact]
    public async Task Ctrl_c_stops_a_conversion_and_publishes_nothing()
    {
        // A background job of a non-interactive shell starts with SIGINT ignored, and so does every child it starts.
        Assert.False(Imagestore.IgnoresSigint(), "these tests run with SIGINT ignored (started as a background job of a non-interactive shell, e.g. `nohup … &`), so imagestore would ignore Ctrl-C too: run them in the foreground.");
        using var temp = new TempDirectory();
        ImageStores.Write(StoreKind.Raw, temp.Combine("big"), ImageStorage.Datasets.SyntheticImages.Generate(20_000));
        string destination = temp.Combine("png-copy");
        using var process = Imagestore.Start("convert", temp.Combine("big"), destination, "--to", "Png", "--batch-size", "200");
        var error = process.StandardError.ReadToEndAsync();
        // The first progress line comes after 2 s of work (plain progress, stderr is not a terminal).
        var clock = Stopwatch.StartNew();
        while (!Directory.EnumerateFileSystemEntries(temp.Path, ".png-copy.imagestore-tmp-*").Any() && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50);
        }

        await Task.Delay(500);
        Imagestore.Interrupt(process);
        Assert.True(process.WaitForExit(60_000), "imagestore did not stop on SIGINT");
        string errors = await error;
        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}: {errors}");
        Assert.Contains("interrupted; nothing was published", errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(destination), "an interrupted conversion must not publish a store");
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path, ".png-copy.imagestore-tmp-*"));
    }

    private static long PeakWhileConverting(TempDirectory temp, string batchSize, string name)
    {
        using var process = Imagestore.Start("convert", temp.Combine("folder"), temp.Combine(name), "--to", "Raw", "--batch-size", batchSize);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, Imagestore.PeakMemory(process));
            Thread.Sleep(10);
        }

        Assert.True(process.ExitCode == 0, $"{output.Result}{error.Result}");
        return peak;
    }
}
