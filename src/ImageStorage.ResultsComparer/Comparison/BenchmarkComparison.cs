namespace ImageStorage.ResultsComparer.Comparison;

/// <summary>The outcome of comparing one benchmark present on both sides.</summary>
/// <param name="FullName">The benchmark's identity, parameters included.</param>
/// <param name="Time">The verdict on time.</param>
/// <param name="Note">Why the verdict is unknown or failed, or what decided it; null when nothing needs saying.</param>
/// <param name="Failure">Which side has no statistics.</param>
/// <param name="BaseMedian">BenchmarkDotNet's median in nanoseconds per operation for the base, NaN when missing.</param>
/// <param name="DiffMedian">BenchmarkDotNet's median in nanoseconds per operation for the diff, NaN when missing.</param>
/// <param name="BaseSampleSize">The number of raw measurements tested for the base.</param>
/// <param name="DiffSampleSize">The number of raw measurements tested for the diff.</param>
/// <param name="Modality">A note such as "bimodal (diff)", or null when both sides look unimodal.</param>
/// <param name="Allocation">The verdict on allocated bytes per operation.</param>
/// <param name="BaseAllocated">The base's allocated bytes per operation, if measured.</param>
/// <param name="DiffAllocated">The diff's allocated bytes per operation, if measured.</param>
/// <param name="BaseFile">The report file of the base result.</param>
/// <param name="DiffFile">The report file of the diff result.</param>
internal sealed record BenchmarkComparison(
    string FullName,
    TimeVerdict Time,
    string? Note,
    FailureSide Failure,
    double BaseMedian,
    double DiffMedian,
    int BaseSampleSize,
    int DiffSampleSize,
    string? Modality,
    AllocationVerdict Allocation,
    long? BaseAllocated,
    long? DiffAllocated,
    string BaseFile,
    string DiffFile)
{
    /// <summary>The diff median over the base median, or NaN when either is missing or not positive.</summary>
    public double Ratio => BaseMedian > 0 && DiffMedian > 0 && double.IsFinite(BaseMedian) && double.IsFinite(DiffMedian)
        ? DiffMedian / BaseMedian
        : double.NaN;

    /// <summary>Whether this benchmark counts against the change: slower, allocating more, or failing only in the diff.</summary>
    public bool IsRegression => Time == TimeVerdict.Slower || Allocation == AllocationVerdict.Increased || Failure == FailureSide.Diff;
}
