using ImageStorage.ResultsComparer.Cli;
using ImageStorage.ResultsComparer.Comparison;
using ImageStorage.ResultsComparer.Matching;
using ImageStorage.ResultsComparer.Output;
using ImageStorage.ResultsComparer.Reports;

namespace ImageStorage.ResultsComparer;

/// <summary>One comparison from options to exit code: load both sides, match, compare, write the markdown.</summary>
internal static class ComparisonRun
{
    /// <summary>Runs the comparison described by <paramref name="options"/> and returns the exit code.</summary>
    public static int Execute(ComparerOptions options, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        ComparisonReport report;
        try
        {
            var (baseFiles, baseSummary) = Load(options.BasePath, "--base");
            var (diffFiles, diffSummary) = Load(options.DiffPath, "--diff");
            var match = BenchmarkMatcher.Match(baseFiles, diffFiles);
            var comparer = new BenchmarkComparer(options.Settings);
            report = new ComparisonReport(baseSummary, diffSummary, [.. match.Matched.Select(comparer.Compare)], match);
        }
        catch (ReportInputException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return ExitCodes.BadInput;
        }

        string markdown = MarkdownReportWriter.Write(report, options.Settings, options.Top);
        output.Write(markdown);
        if (options.MarkdownPath is { } path && !TryWrite(path, markdown, error))
        {
            return ExitCodes.BadInput;
        }

        int regressions = report.Regressions.Count;
        if (regressions > 0 && options.FailOnRegression)
        {
            error.WriteLine(regressions == 1
                ? "error: 1 regression found (--fail-on-regression)."
                : $"error: {regressions} regressions found (--fail-on-regression).");
            return ExitCodes.Regression;
        }

        return ExitCodes.Success;
    }

    private static (IReadOnlyList<ReportFile> Files, InputSummary Summary) Load(string path, string option)
    {
        var files = ReportDiscovery.Find(path, option).Select(ReportReader.Read).ToList();
        return (files, new InputSummary(path, files.Count, files.Sum(f => f.Report.Benchmarks?.Count ?? 0)));
    }

    private static bool TryWrite(string path, string markdown, TextWriter error)
    {
        try
        {
            string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }

            File.WriteAllText(path, markdown);
            return true;
        }
        catch (IOException ex)
        {
            error.WriteLine($"error: --md: '{path}' could not be written: {ex.Message}");
            return false;
        }
        catch (UnauthorizedAccessException ex)
        {
            error.WriteLine($"error: --md: '{path}' could not be written: {ex.Message}");
            return false;
        }
    }
}
