using ImageStorage.ResultsComparer.Interleave;
using ImageStorage.ResultsComparer.Matching;

namespace ImageStorage.ResultsComparer.Comparison;

/// <summary>One side's input as found on disk.</summary>
/// <param name="Path">The path given on the command line.</param>
/// <param name="ReportCount">The number of report files read.</param>
/// <param name="BenchmarkCount">The number of benchmarks in them.</param>
internal sealed record InputSummary(string Path, int ReportCount, int BenchmarkCount);

/// <summary>Everything the comparison found, grouped the way the report presents it.</summary>
/// <param name="Base">The baseline input.</param>
/// <param name="Diff">The input under test.</param>
/// <param name="Compared">The verdicts for the benchmarks on both sides.</param>
/// <param name="Match">The matching, with the benchmarks on one side only and the repeated names.</param>
internal sealed record ComparisonReport(InputSummary Base, InputSummary Diff, IReadOnlyList<BenchmarkComparison> Compared, MatchResult Match)
{
    /// <summary>The number of interleaved rounds, or null when the sides were given as --base and --diff.</summary>
    public int? Rounds { get; init; }

    /// <summary>The interleave command's record of the run (commits, timings), when the rounds folder has one.</summary>
    public RunManifest? Manifest { get; init; }

    /// <summary>Benchmarks whose allocations differ but cannot be told from noise.</summary>
    public int AllocationsUnknown => Compared.Count(c => c.Allocation == AllocationVerdict.Unknown);

    /// <summary>Benchmarks with any time or allocation change, in either direction: the ones the report draws attention to.</summary>
    public IReadOnlyList<BenchmarkComparison> Flagged => [.. Compared.Where(c => c.IsFlagged)];

    /// <summary>Benchmarks slower in the diff.</summary>
    public IReadOnlyList<BenchmarkComparison> Slower => With(TimeVerdict.Slower);

    /// <summary>Benchmarks faster in the diff.</summary>
    public IReadOnlyList<BenchmarkComparison> Faster => With(TimeVerdict.Faster);

    /// <summary>Benchmarks without a time difference.</summary>
    public IReadOnlyList<BenchmarkComparison> Same => With(TimeVerdict.Same);

    /// <summary>Benchmarks the data cannot decide on.</summary>
    public IReadOnlyList<BenchmarkComparison> Unknown => With(TimeVerdict.Unknown);

    /// <summary>Benchmarks without statistics on at least one side.</summary>
    public IReadOnlyList<BenchmarkComparison> Failed => With(TimeVerdict.Failed);

    /// <summary>Benchmarks allocating more in the diff.</summary>
    public IReadOnlyList<BenchmarkComparison> AllocatingMore => [.. Compared.Where(c => c.Allocation == AllocationVerdict.Increased)];

    /// <summary>Benchmarks allocating less in the diff.</summary>
    public IReadOnlyList<BenchmarkComparison> AllocatingLess => [.. Compared.Where(c => c.Allocation == AllocationVerdict.Decreased)];

    /// <summary>The number of compared benchmarks without allocation data on a side.</summary>
    public int AllocationsNotMeasured => Compared.Count(c => c.Allocation == AllocationVerdict.NotMeasured);

    /// <summary>The benchmarks that count against the change.</summary>
    public IReadOnlyList<BenchmarkComparison> Regressions => [.. Compared.Where(c => c.IsRegression)];

    /// <summary>The ratios (diff median / base median) the geometric mean is taken over: every benchmark with positive medians on both sides.</summary>
    public IReadOnlyList<double> Ratios => [.. Compared.Select(c => c.Ratio).Where(double.IsFinite)];

    /// <summary>The geometric mean of <see cref="Ratios"/>, or NaN when there are none.</summary>
    public double GeometricMeanRatio => Ratios.Count == 0 ? double.NaN : Math.Exp(Ratios.Average(Math.Log));

    private List<BenchmarkComparison> With(TimeVerdict verdict) => [.. Compared.Where(c => c.Time == verdict)];
}
