namespace ImageStorage.ResultsComparer.Comparison;

/// <summary>The outcome of comparing one benchmark present on both sides.</summary>
/// <param name="FullName">The benchmark's identity, parameters included.</param>
/// <param name="Time">The verdict on time.</param>
/// <param name="Note">Why the verdict is unknown or failed, or what decided it; null when nothing needs saying.</param>
/// <param name="Failure">Which side has no statistics.</param>
/// <param name="BaseMedian">The base's median in nanoseconds per operation (BenchmarkDotNet's, or the median of its launches), NaN when missing.</param>
/// <param name="DiffMedian">The diff's median in nanoseconds per operation, likewise.</param>
/// <param name="Ratio">The diff/base time ratio: of the medians (iterations) or the Hodges–Lehmann estimate (launches); NaN when unknown.</param>
/// <param name="BaseSampleSize">The number of values tested for the base: iterations, or launches.</param>
/// <param name="DiffSampleSize">The number of values tested for the diff.</param>
/// <param name="Modality">A note such as "bimodal (diff)", or null when both sides look unimodal.</param>
/// <param name="Allocation">The verdict on allocated bytes per operation.</param>
/// <param name="BaseAllocated">The base's allocated bytes per operation (the median over its launches), if measured.</param>
/// <param name="DiffAllocated">The diff's allocated bytes per operation, likewise.</param>
/// <param name="BaseFile">The (first) report file of the base result.</param>
/// <param name="DiffFile">The (first) report file of the diff result.</param>
internal sealed record BenchmarkComparison(
    string FullName,
    TimeVerdict Time,
    string? Note,
    FailureSide Failure,
    double BaseMedian,
    double DiffMedian,
    double Ratio,
    int BaseSampleSize,
    int DiffSampleSize,
    string? Modality,
    AllocationVerdict Allocation,
    long? BaseAllocated,
    long? DiffAllocated,
    string BaseFile,
    string DiffFile)
{
    /// <summary>The launch-level evidence behind the verdicts, or null for the iteration-level test.</summary>
    public LaunchDetails? Launches { get; init; }

    /// <summary>Whether this benchmark counts against the change: slower, allocating more, or failing only in the diff.</summary>
    public bool IsRegression => Time == TimeVerdict.Slower || Allocation == AllocationVerdict.Increased || Failure == FailureSide.Diff;

    /// <summary>Whether the report draws attention to it: any time or allocation change, in either direction.</summary>
    public bool IsFlagged => Time is TimeVerdict.Slower or TimeVerdict.Faster || Allocation is AllocationVerdict.Increased or AllocationVerdict.Decreased;
}
