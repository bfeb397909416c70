using Perfolizer.Horology;
using Perfolizer.Mathematics.Common;
using Perfolizer.Metrology;
using Pragmastat.Metrology;

namespace ImageStorage.ResultsComparer.Comparison;

/// <summary>What counts as a difference: the relative or absolute threshold, the noise floor, the significance level and the allocation tolerance.</summary>
/// <param name="Threshold">The smallest time difference that matters, e.g. 5% or 10ms.</param>
/// <param name="NoiseNanoseconds">The absolute time difference per operation below which results are the same; zero disables it.</param>
/// <param name="Alpha">The significance level of the one-sided Mann–Whitney tests.</param>
/// <param name="AllocationThreshold">The number of allocated bytes per operation a benchmark may gain or lose before it counts.</param>
internal sealed record ComparisonSettings(Threshold Threshold, double NoiseNanoseconds, SignificanceLevel Alpha, long AllocationThreshold)
{
    /// <summary>The smallest number of raw measurements per side the test is run on.</summary>
    public const int MinimumSampleSize = 3;

    /// <summary>The noise floor as a Perfolizer threshold, or null when it is disabled.</summary>
    public Threshold? NoiseThreshold =>
        NoiseNanoseconds > 0 ? new Threshold(new Measurement(NoiseNanoseconds, TimeUnit.Nanosecond)) : null;
}
