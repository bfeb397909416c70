using System.Diagnostics;
using ImageStorage.Tests;
using TorchSharp;

namespace ImageStorage.TorchSharp.Tests;

/// <summary>The build's patch of libLibTorchSharp.so makes TorchSharp load on Debian 12, changes nothing when run again, and refuses other files.</summary>
public class LibTorchSharpPatchTests
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "weaken-glibcxx-marker.py");
    private static readonly string Library = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");

    [Fact]
    public void The_patched_library_loads_and_computes()
    {
        using var ones = torch.ones(3);
        using var sum = ones.sum();
        Assert.Equal(3f, sum.item<float>());
    }

    [Fact]
    public void Patching_the_patched_library_again_changes_nothing()
    {
        using var dir = new TempDirectory();
        string copy = dir.Combine("libLibTorchSharp.so");
        File.Copy(Library, copy);
        var (code, output) = Run(copy);
        Assert.Equal(0, code);
        Assert.Contains("already weak", output, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(Library), File.ReadAllBytes(copy));
    }

    [Fact]
    public void A_file_that_is_not_the_expected_library_fails_loudly()
    {
        using var dir = new TempDirectory();
        string text = dir.Combine("libLibTorchSharp.so");
        File.WriteAllText(text, "not a shared object");
        var (code, output) = Run(text);
        Assert.Equal(1, code);
        Assert.Contains(text, output, StringComparison.Ordinal);
        Assert.Contains("not a 64-bit little-endian ELF file", output, StringComparison.Ordinal);
    }

    private static (int Code, string Output) Run(string file)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(file);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
