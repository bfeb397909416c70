using ImageStorage.ResultsComparer.Comparison;

namespace ImageStorage.ResultsComparer.Cli;

/// <summary>Everything the command line asked for.</summary>
/// <param name="BasePath">The baseline report file or folder.</param>
/// <param name="DiffPath">The report file or folder to compare against the baseline.</param>
/// <param name="Settings">The statistical settings of the comparison.</param>
/// <param name="MarkdownPath">The file to also write the markdown report to, if any.</param>
/// <param name="FailOnRegression">Whether a regression makes the exit code 1.</param>
/// <param name="Top">The largest number of rows per regression or improvement table, if limited.</param>
internal sealed record ComparerOptions(
    string BasePath,
    string DiffPath,
    ComparisonSettings Settings,
    string? MarkdownPath,
    bool FailOnRegression,
    int? Top);
