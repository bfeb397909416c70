using System.Globalization;
using ImageStorage.ResultsComparer.Matching;
using ImageStorage.ResultsComparer.Reports;
using Perfolizer.Horology;
using Perfolizer.Mathematics.Common;
using Perfolizer.Mathematics.SignificanceTesting;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Pragmastat;

namespace ImageStorage.ResultsComparer.Comparison;

/// <summary>
/// The iteration-level test, for single-launch reports: the iterations of the first launch on each side go through
/// Perfolizer's Mann–Whitney equivalence test, and allocations are compared with a fixed tolerance. Iterations of one
/// launch are not independent samples, so this test is blind to launch-to-launch noise; see <see cref="LaunchComparer"/>.
/// </summary>
internal sealed class IterationComparer(ComparisonSettings settings)
{
    private readonly SimpleEquivalenceTest _test = new(MannWhitneyTest.Instance);

    /// <summary>Compares the base and diff results of one benchmark.</summary>
    public BenchmarkComparison Compare(MatchedBenchmark pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        BdnBenchmark baseResult = pair.Base.Benchmark;
        BdnBenchmark diffResult = pair.Diff.Benchmark;
        var baseSample = SampleExtractor.PerOperationNanoseconds(baseResult);
        var diffSample = SampleExtractor.PerOperationNanoseconds(diffResult);
        long? baseAllocated = baseResult.Memory?.BytesAllocatedPerOperation;
        long? diffAllocated = diffResult.Memory?.BytesAllocatedPerOperation;

        var failure = (baseResult.Statistics is null, diffResult.Statistics is null) switch
        {
            (true, true) => FailureSide.Both,
            (true, false) => FailureSide.Base,
            (false, true) => FailureSide.Diff,
            _ => FailureSide.None,
        };

        TimeVerdict time;
        string? note;
        string? modality = null;
        if (failure != FailureSide.None)
        {
            time = TimeVerdict.Failed;
            note = failure switch
            {
                FailureSide.Base => "failed in base only",
                FailureSide.Diff => "failed in diff only",
                _ => "failed on both sides",
            };
        }
        else
        {
            (time, note) = CompareTimes(baseSample, diffSample, baseResult.Statistics!.Median, diffResult.Statistics!.Median);
            if (time is TimeVerdict.Slower or TimeVerdict.Faster)
            {
                modality = ModalityDescriber.Describe(baseSample, diffSample);
            }
        }

        double baseMedian = baseResult.Statistics?.Median ?? double.NaN;
        double diffMedian = diffResult.Statistics?.Median ?? double.NaN;
        return new BenchmarkComparison(
            pair.FullName,
            time,
            note,
            failure,
            baseMedian,
            diffMedian,
            baseMedian > 0 && diffMedian > 0 && double.IsFinite(baseMedian) && double.IsFinite(diffMedian) ? diffMedian / baseMedian : double.NaN,
            baseSample.Count,
            diffSample.Count,
            modality,
            CompareAllocations(baseAllocated, diffAllocated),
            baseAllocated,
            diffAllocated,
            pair.Base.FilePath,
            pair.Diff.FilePath);
    }

    /// <summary>The smallest one-sided p-value an exact Mann–Whitney test can reach with samples of sizes n and m (no ties): 1 / C(n+m, n).</summary>
    public static double MinimumAttainablePValue(int n, int m)
    {
        double combinations = 1;
        for (int i = 1; i <= Math.Min(n, m); i++)
        {
            combinations = combinations * (n + m - Math.Min(n, m) + i) / i;
            if (double.IsInfinity(combinations))
            {
                return 0;
            }
        }

        return 1 / combinations;
    }

    /// <summary>The smallest equal sample size per side with which the test can reach <paramref name="alpha"/>.</summary>
    public static int MinimumSampleSizeFor(double alpha)
    {
        int size = ComparisonSettings.MinimumSampleSize;
        while (MinimumAttainablePValue(size, size) >= alpha)
        {
            size++;
        }

        return size;
    }

    private (TimeVerdict Verdict, string? Note) CompareTimes(IReadOnlyList<double> baseSample, IReadOnlyList<double> diffSample, double baseMedian, double diffMedian)
    {
        int n = baseSample.Count, m = diffSample.Count;
        if (n < ComparisonSettings.MinimumSampleSize || m < ComparisonSettings.MinimumSampleSize)
        {
            return (TimeVerdict.Unknown, Invariant($"too few measurements: base {n}, diff {m}; the test needs at least {ComparisonSettings.MinimumSampleSize} per side"));
        }

        if (!double.IsFinite(baseMedian) || !double.IsFinite(diffMedian))
        {
            return (TimeVerdict.Unknown, "no median in the statistics");
        }

        // Perform(x, y) answers "is x greater than y": x is the diff, so Greater means slower.
        var x = new Sample(diffSample, TimeUnit.Nanosecond);
        var y = new Sample(baseSample, TimeUnit.Nanosecond);
        var result = _test.Perform(x, y, settings.Threshold, settings.Alpha);

        if (result is ComparisonResult.Greater or ComparisonResult.Lesser
            && settings.NoiseThreshold is { } noise
            && _test.Perform(x, y, noise, settings.Alpha) == ComparisonResult.Indistinguishable)
        {
            return (TimeVerdict.Same, "difference within the noise floor");
        }

        double alpha = settings.Alpha;
        return result switch
        {
            ComparisonResult.Greater => (TimeVerdict.Slower, null),
            ComparisonResult.Lesser => (TimeVerdict.Faster, null),
            ComparisonResult.Indistinguishable when MinimumAttainablePValue(n, m) >= alpha => (TimeVerdict.Unknown,
                Invariant($"too few measurements for alpha {alpha}: base {n}, diff {m} cannot reach it ({MinimumSampleSizeFor(alpha)} per side can), so only shifts of 10x the threshold are detected")),
            ComparisonResult.Indistinguishable => (TimeVerdict.Same, null),
            _ => (TimeVerdict.Unknown, "the equivalence test gave no verdict"),
        };
    }

    private AllocationVerdict CompareAllocations(long? baseAllocated, long? diffAllocated)
    {
        if (baseAllocated is not { } before || diffAllocated is not { } after)
        {
            return AllocationVerdict.NotMeasured;
        }

        long change = after - before;
        return change > settings.AllocationThreshold ? AllocationVerdict.Increased
            : -change > settings.AllocationThreshold ? AllocationVerdict.Decreased
            : AllocationVerdict.Same;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
