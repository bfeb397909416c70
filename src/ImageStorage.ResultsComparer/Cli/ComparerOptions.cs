using ImageStorage.ResultsComparer.Comparison;

namespace ImageStorage.ResultsComparer.Cli;

/// <summary>Everything the command line asked of a comparison.</summary>
/// <param name="BasePath">The baseline report file or folder, or null when <paramref name="InterleavedPath"/> is given.</param>
/// <param name="DiffPath">The report file or folder to compare against the baseline, or null likewise.</param>
/// <param name="InterleavedPath">The rounds folder of an interleaved run, or null when the sides are given separately.</param>
/// <param name="Settings">The statistical settings of the comparison.</param>
/// <param name="NoiseFilePath">The calibrated noise file to raise thresholds with, if any.</param>
/// <param name="MarkdownPath">The file to also write the markdown report to, if any.</param>
/// <param name="HtmlPath">The file to write the HTML report (with strip charts of flagged benchmarks) to, if any.</param>
/// <param name="FailOnRegression">Whether a regression makes the exit code 1.</param>
/// <param name="Top">The largest number of rows per regression or improvement table, if limited.</param>
internal sealed record ComparerOptions(
    string? BasePath,
    string? DiffPath,
    string? InterleavedPath,
    ComparisonSettings Settings,
    string? NoiseFilePath,
    string? MarkdownPath,
    string? HtmlPath,
    bool FailOnRegression,
    int? Top)
{
    /// <summary>Whether a comparison in which no benchmark got a time verdict (every one unknown or failed) makes the exit code 1.</summary>
    public bool FailOnUnknown { get; init; }
}
