using ImageStorage.ResultsComparer.Statistics;

namespace ImageStorage.ResultsComparer.Comparison;

/// <summary>One interleaved round of one benchmark: the base and diff launches measured close together in time.</summary>
/// <param name="Round">The round's number.</param>
/// <param name="BaseNanoseconds">The base's launch median (the median of its launches, should a round hold several), per operation.</param>
/// <param name="DiffNanoseconds">The diff's, likewise.</param>
/// <param name="BaseAllocated">The base's allocated bytes per operation in that round, if measured.</param>
/// <param name="DiffAllocated">The diff's, likewise.</param>
internal sealed record RoundPair(int Round, double BaseNanoseconds, double DiffNanoseconds, long? BaseAllocated, long? DiffAllocated)
{
    /// <summary>The round's diff/base time ratio.</summary>
    public double Ratio => DiffNanoseconds / BaseNanoseconds;
}

/// <summary>The launch-level evidence for one benchmark and the numbers its verdicts were decided by.</summary>
/// <param name="Paired">Whether the launches are paired by interleaved round (else the two sides are independent samples).</param>
/// <param name="Base">The base's launches.</param>
/// <param name="Diff">The diff's launches.</param>
/// <param name="Rounds">The paired rounds (empty when not paired).</param>
/// <param name="Time">The Hodges–Lehmann interval of ln(diff/base), or null when a side has no usable launch.</param>
/// <param name="Threshold">The relative threshold this benchmark was held to (0.05 = 5%).</param>
/// <param name="ThresholdSource">Where the threshold came from: the --threshold, the noise floor, or the noise file.</param>
/// <param name="Detectable">The smallest slowdown these launches could have flagged (0.08 = 8%), or null when none could be.</param>
/// <param name="AllocationShift">The Hodges–Lehmann interval of the allocation change in bytes per operation, or null when not measured.</param>
/// <param name="AllocationTolerance">The allocation change in bytes per operation this benchmark was allowed.</param>
/// <param name="BaseAllocations">The base's allocated bytes per operation, one per report (round or sitting).</param>
/// <param name="DiffAllocations">The diff's, likewise.</param>
internal sealed record LaunchDetails(
    bool Paired,
    IReadOnlyList<Launch> Base,
    IReadOnlyList<Launch> Diff,
    IReadOnlyList<RoundPair> Rounds,
    ShiftInterval? Time,
    double Threshold,
    string ThresholdSource,
    double? Detectable,
    ShiftInterval? AllocationShift,
    double AllocationTolerance,
    IReadOnlyList<long> BaseAllocations,
    IReadOnlyList<long> DiffAllocations);
