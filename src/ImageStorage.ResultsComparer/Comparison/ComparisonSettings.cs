using ImageStorage.ResultsComparer.Noise;
using Perfolizer.Horology;
using Perfolizer.Mathematics.Common;
using Perfolizer.Metrology;
using Pragmastat;
using Pragmastat.Metrology;

namespace ImageStorage.ResultsComparer.Comparison;

/// <summary>What counts as a difference: the relative or absolute threshold, the noise floor, the significance level and the allocation tolerance.</summary>
/// <param name="Threshold">The smallest time difference that matters, e.g. 5% or 10ms.</param>
/// <param name="NoiseNanoseconds">The absolute time difference per operation below which results are the same; zero disables it.</param>
/// <param name="Alpha">The significance level of each one-sided test (and of each bound of the launch-level interval).</param>
/// <param name="AllocationThreshold">The number of allocated bytes per operation a benchmark may gain or lose before it counts.</param>
internal sealed record ComparisonSettings(Threshold Threshold, double NoiseNanoseconds, SignificanceLevel Alpha, long AllocationThreshold)
{
    /// <summary>The smallest number of raw measurements per side the iteration-level test is run on.</summary>
    public const int MinimumSampleSize = 3;

    /// <summary>The default multiple of a benchmark's calibrated noise that its threshold is raised to.</summary>
    public const double DefaultNoiseMultiplier = 2;

    /// <summary>What one value of evidence is.</summary>
    public EvidenceUnit Unit { get; init; } = EvidenceUnit.Launch;

    /// <summary>The calibrated per-benchmark noise, or null when no --noise-file was given.</summary>
    public NoiseTable? Noise { get; init; }

    /// <summary>k: a benchmark's threshold is at least k times its calibrated noise, and its allocation tolerance k times its allocation noise.</summary>
    public double NoiseMultiplier { get; init; } = DefaultNoiseMultiplier;

    /// <summary>The noise floor as a Perfolizer threshold, or null when it is disabled.</summary>
    public Threshold? NoiseThreshold =>
        NoiseNanoseconds > 0 ? new Threshold(new Measurement(NoiseNanoseconds, TimeUnit.Nanosecond)) : null;

    /// <summary>The threshold relative to a time of <paramref name="nanoseconds"/> per operation: 0.05 for 5%, or 10ms over that time.</summary>
    public double RelativeThreshold(double nanoseconds)
    {
        var shifted = Threshold.ApplyMax(new Sample([nanoseconds], TimeUnit.Nanosecond));
        return shifted.Values[0] / nanoseconds - 1;
    }
}
