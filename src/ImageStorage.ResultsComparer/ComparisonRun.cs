using ImageStorage.ResultsComparer.Cli;
using ImageStorage.ResultsComparer.Comparison;
using ImageStorage.ResultsComparer.Matching;
using ImageStorage.ResultsComparer.Noise;
using ImageStorage.ResultsComparer.Output;
using ImageStorage.ResultsComparer.Reports;

namespace ImageStorage.ResultsComparer;

/// <summary>One comparison from options to exit code: load both sides, match, compare, write the markdown and HTML.</summary>
internal static class ComparisonRun
{
    /// <summary>Runs the comparison described by <paramref name="options"/> and returns the exit code.</summary>
    public static int Execute(ComparerOptions options, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        ComparisonReport report;
        ComparisonSettings settings = options.Settings;
        try
        {
            if (options.NoiseFilePath is { } noisePath)
            {
                settings = settings with { Noise = NoiseTable.Read(noisePath) };
            }

            var inputs = options.InterleavedPath is { } rounds
                ? ComparisonInputs.FromRounds(rounds)
                : ComparisonInputs.FromSides(options.BasePath!, options.DiffPath!);
            report = Compare(inputs, settings);
        }
        catch (ReportInputException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return ExitCodes.BadInput;
        }

        // A gate that compared nothing would pass every change: disjoint sides are a mistake in the command line.
        if (report.Match.Matched.Count == 0)
        {
            error.WriteLine($"error: no benchmark is in both --base ({report.Match.Removed.Count} benchmarks) and --diff ({report.Match.Added.Count}); nothing was compared.");
            return ExitCodes.BadInput;
        }

        string markdown = MarkdownReportWriter.Write(report, settings, options.Top);
        output.Write(markdown);
        if (options.MarkdownPath is { } path && !TryWrite(path, "--md", () => markdown, error))
        {
            return ExitCodes.BadInput;
        }

        if (options.HtmlPath is { } htmlPath && !TryWrite(htmlPath, "--html", () => HtmlReportWriter.Write(report, settings), error))
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

        if (options.FailOnUnknown && report.Compared.All(c => c.Time is TimeVerdict.Unknown or TimeVerdict.Failed))
        {
            error.WriteLine($"error: nothing compared: none of the {report.Compared.Count} benchmarks got a time verdict, every one is unknown (--fail-on-unknown); the report says why for each.");
            return ExitCodes.Regression;
        }

        return ExitCodes.Success;
    }

    /// <summary>Matches and compares <paramref name="inputs"/> with the test <paramref name="settings"/> choose.</summary>
    public static ComparisonReport Compare(ComparisonInputs inputs, ComparisonSettings settings)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(settings);
        bool launches = settings.Unit == EvidenceUnit.Launch;
        var match = BenchmarkMatcher.Match(inputs.BaseFiles, inputs.DiffFiles, poolFiles: launches);
        Func<MatchedBenchmark, BenchmarkComparison> compare = launches ? new LaunchComparer(settings).Compare : new IterationComparer(settings).Compare;
        return new ComparisonReport(inputs.Base, inputs.Diff, [.. match.Matched.Select(compare)], match)
        {
            Rounds = inputs.Rounds,
            Manifest = inputs.Manifest,
        };
    }

    private static bool TryWrite(string path, string option, Func<string> render, TextWriter error)
    {
        try
        {
            string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }

            File.WriteAllText(path, render());
            return true;
        }
        catch (IOException ex)
        {
            error.WriteLine($"error: {option}: '{path}' could not be written: {ex.Message}");
            return false;
        }
        catch (UnauthorizedAccessException ex)
        {
            error.WriteLine($"error: {option}: '{path}' could not be written: {ex.Message}");
            return false;
        }
    }
}
