using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ImageStorage.ResultsComparer.Noise;
using ImageStorage.ResultsComparer.Output;
using ImageStorage.ResultsComparer.Reports;

namespace ImageStorage.ResultsComparer.Cli;

/// <summary>The calibrate subcommand: A/A interleaved runs in, a per-benchmark noise file out.</summary>
internal static class CalibrateCommand
{
    /// <summary>Builds the subcommand; it prints a table of the noise to <paramref name="output"/> and problems to <paramref name="error"/>.</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var interleavedOption = new Option<string[]>("--interleaved")
        {
            Description = "The rounds folder of an interleaved run of one commit against itself (repeat to pool several runs).",
            HelpName = "dir",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var noiseFileOption = new Option<string>("--noise-file")
        {
            Description = "Where to write the noise file that --noise-file reads.",
            HelpName = "file",
            Required = true,
        };
        var command = new Command("calibrate", "Turns A/A interleaved runs (interleave --base X --diff X) into a per-benchmark noise file for --noise-file.")
        {
            interleavedOption, noiseFileOption,
        };
        command.SetAction(parseResult => Run(parseResult.GetRequiredValue(interleavedOption), parseResult.GetRequiredValue(noiseFileOption), output, error));
        return command;
    }

    private static int Run(string[] folders, string noiseFile, TextWriter output, TextWriter error)
    {
        NoiseFile noise;
        try
        {
            noise = NoiseCalibrator.Calibrate(folders, DateTimeOffset.UtcNow);
        }
        catch (ReportInputException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return ExitCodes.BadInput;
        }

        try
        {
            string? folder = Path.GetDirectoryName(Path.GetFullPath(noiseFile));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }

            File.WriteAllText(noiseFile, JsonSerializer.Serialize(noise, NoiseJsonContext.Default.NoiseFile));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: --noise-file: '{noiseFile}' could not be written: {ex.Message}");
            return ExitCodes.BadInput;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# Noise calibration ({noise.Benchmarks!.Count} benchmarks, written to `{noiseFile}`)"));
        output.WriteLine();
        output.WriteLine("| Benchmark | Rounds | Median | Time noise (one round) | Allocation noise |");
        output.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var b in noise.Benchmarks)
        {
            string allocation = b.AllocationNoiseBytes is { } bytes ? Units.Bytes((long)Math.Round(bytes)) : "n/a";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `{b.FullName}` | {b.Rounds} | {Units.Time(b.MedianNanoseconds)} | {Units.Percent(Math.Exp(b.TimeNoise) - 1)} | {allocation} |"));
        }

        return ExitCodes.Success;
    }
}
