namespace ImageStorage.ResultsComparer.Reports;

/// <summary>Finds the full JSON reports under a folder (recursively), or takes a single given file.</summary>
internal static class ReportDiscovery
{
    /// <summary>The file name pattern of BenchmarkDotNet's full JSON exporter.</summary>
    public const string Pattern = "*-report-full.json";

    /// <summary>Returns the report files for <paramref name="path"/> in ordinal order; <paramref name="option"/> names the side in messages.</summary>
    public static IReadOnlyList<string> Find(string path, string option)
    {
        if (File.Exists(path))
        {
            return [path];
        }

        if (!Directory.Exists(path))
        {
            throw new ReportInputException($"{option}: '{path}' does not exist (looked for a folder or a {Pattern} file).");
        }

        var files = Directory.EnumerateFiles(path, Pattern, SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .ToList();
        return files.Count > 0
            ? files
            : throw new ReportInputException($"{option}: no {Pattern} files under '{path}'. Run the benchmarks with the full JSON exporter.");
    }
}
