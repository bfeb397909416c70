using System.Text.Json;

namespace ImageStorage.ResultsComparer.Reports;

/// <summary>Reads one full JSON report, turning every way it can be wrong into a <see cref="ReportInputException"/> that names the file.</summary>
internal static class ReportReader
{
    /// <summary>Reads and checks the report at <paramref name="path"/>.</summary>
    public static ReportFile Read(string path)
    {
        BdnReport? report;
        try
        {
            using var stream = File.OpenRead(path);
            report = JsonSerializer.Deserialize(stream, ReportJsonContext.Default.BdnReport);
        }
        catch (JsonException ex)
        {
            throw new ReportInputException($"'{path}' is not valid BenchmarkDotNet JSON: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new ReportInputException($"'{path}' could not be read: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new ReportInputException($"'{path}' could not be read: {ex.Message}", ex);
        }

        if (report?.Benchmarks is null)
        {
            throw new ReportInputException($"'{path}' is not a BenchmarkDotNet full JSON report: it has no \"Benchmarks\" array.");
        }

        for (int i = 0; i < report.Benchmarks.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(report.Benchmarks[i]?.FullName))
            {
                throw new ReportInputException($"'{path}' is not a BenchmarkDotNet full JSON report: benchmark #{i} has no \"FullName\".");
            }
        }

        return new ReportFile(path, report);
    }
}
