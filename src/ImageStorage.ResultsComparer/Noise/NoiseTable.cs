using System.Text.Json;
using ImageStorage.ResultsComparer.Reports;

namespace ImageStorage.ResultsComparer.Noise;

/// <summary>A noise file as read for a comparison: the noise of each benchmark by full name.</summary>
internal sealed class NoiseTable
{
    private readonly Dictionary<string, BenchmarkNoise> _byName;

    private NoiseTable(string path, Dictionary<string, BenchmarkNoise> byName)
    {
        Path = path;
        _byName = byName;
    }

    /// <summary>The file it was read from.</summary>
    public string Path { get; }

    /// <summary>The number of benchmarks it covers.</summary>
    public int Count => _byName.Count;

    /// <summary>The noise of <paramref name="fullName"/>, or null when the calibration did not measure it.</summary>
    public BenchmarkNoise? Find(string fullName) => _byName.GetValueOrDefault(fullName);

    /// <summary>Reads and checks the noise file at <paramref name="path"/>; every problem names the file.</summary>
    public static NoiseTable Read(string path)
    {
        NoiseFile? file;
        try
        {
            using var stream = File.OpenRead(path);
            file = JsonSerializer.Deserialize(stream, NoiseJsonContext.Default.NoiseFile);
        }
        catch (JsonException ex)
        {
            throw new ReportInputException($"--noise-file: '{path}' is not valid JSON: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new ReportInputException($"--noise-file: '{path}' could not be read: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new ReportInputException($"--noise-file: '{path}' could not be read: {ex.Message}", ex);
        }

        if (file?.Format != NoiseFile.FormatName || file.Benchmarks is null)
        {
            throw new ReportInputException($"--noise-file: '{path}' is not a noise file written by the calibrate command (no \"format\": \"{NoiseFile.FormatName}\" or no \"benchmarks\").");
        }

        if (file.Version != NoiseFile.CurrentVersion)
        {
            throw new ReportInputException($"--noise-file: '{path}' has version {file.Version}; this comparer reads version {NoiseFile.CurrentVersion}. Calibrate again.");
        }

        var byName = new Dictionary<string, BenchmarkNoise>(StringComparer.Ordinal);
        for (int i = 0; i < file.Benchmarks.Count; i++)
        {
            var entry = file.Benchmarks[i];
            if (string.IsNullOrWhiteSpace(entry?.FullName) || !double.IsFinite(entry.TimeNoise) || entry.TimeNoise < 0
                || entry.AllocationNoiseBytes is { } bytes && (!double.IsFinite(bytes) || bytes < 0))
            {
                throw new ReportInputException($"--noise-file: '{path}': benchmark #{i} needs a \"fullName\" and a non-negative \"timeNoise\" (and \"allocationNoiseBytes\", if given).");
            }

            if (!byName.TryAdd(entry.FullName, entry))
            {
                throw new ReportInputException($"--noise-file: '{path}' lists '{entry.FullName}' twice.");
            }
        }

        return new NoiseTable(path, byName);
    }
}
