using System.Globalization;
using ImageStorage.ResultsComparer.Matching;
using ImageStorage.ResultsComparer.Statistics;

namespace ImageStorage.ResultsComparer.Comparison;

/// <summary>
/// The launch-level test: one value per process launch (the median of its Workload/Result iterations). Interleaved
/// rounds are paired and tested on their ln(diff/base) ratios (Wilcoxon signed-rank), independent launches on their
/// ln values (Mann–Whitney); either way the verdict comes from the Hodges–Lehmann interval of the shift, which must lie
/// wholly beyond the threshold for "slower" or "faster" and wholly inside it for "same".
/// </summary>
internal sealed class LaunchComparer(ComparisonSettings settings)
{
    /// <summary>Compares the base and diff launches of one benchmark.</summary>
    public BenchmarkComparison Compare(MatchedBenchmark pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        bool paired = RoundPairing.IsInterleaved(pair);
        var baseLaunches = pair.BaseOccurrences.SelectMany(LaunchExtractor.Launches).ToList();
        var diffLaunches = pair.DiffOccurrences.SelectMany(LaunchExtractor.Launches).ToList();
        var rounds = RoundPairing.Pair(pair);
        var baseAllocations = Allocations(pair.BaseOccurrences);
        var diffAllocations = Allocations(pair.DiffOccurrences);

        var failure = (pair.BaseOccurrences.Any(Failed), pair.DiffOccurrences.Any(Failed)) switch
        {
            (true, true) => FailureSide.Both,
            (true, false) => FailureSide.Base,
            (false, true) => FailureSide.Diff,
            _ => FailureSide.None,
        };

        double baseMedian = LaunchExtractor.Median([.. baseLaunches.Select(l => l.MedianNanoseconds)]);
        double diffMedian = LaunchExtractor.Median([.. diffLaunches.Select(l => l.MedianNanoseconds)]);
        var (margin, threshold, source) = Margin(pair.FullName, baseMedian);

        TimeVerdict time;
        string? note;
        ShiftInterval? interval = null;
        double? detectable = null;
        if (failure != FailureSide.None)
        {
            time = TimeVerdict.Failed;
            note = failure switch
            {
                FailureSide.Base => "failed in base (in at least one launch or round)",
                FailureSide.Diff => "failed in diff (in at least one launch or round)",
                _ => "failed on both sides",
            };
        }
        else
        {
            (time, note, interval, margin, source) = CompareTimes(paired, rounds, baseLaunches, diffLaunches, margin, source);
            threshold = Math.Exp(margin) - 1;
            if (interval is { Lower: { } lower })
            {
                // The smallest shift whose lower bound would clear the margin, with the spread these launches showed.
                detectable = Math.Exp(margin + (interval.Estimate - lower)) - 1;
            }
        }

        var (allocation, allocationShift, tolerance, allocationNote) = CompareAllocations(pair.FullName, paired, rounds, baseAllocations, diffAllocations);
        if (allocationNote is not null && time != TimeVerdict.Failed)
        {
            note = note is null ? allocationNote : $"{note}; {allocationNote}";
        }

        return new BenchmarkComparison(
            pair.FullName,
            time,
            note,
            failure,
            baseMedian,
            diffMedian,
            interval is null ? double.NaN : Math.Exp(interval.Estimate),
            baseLaunches.Count,
            diffLaunches.Count,
            null,
            allocation,
            MedianOf(baseAllocations),
            MedianOf(diffAllocations),
            pair.Base.FilePath,
            pair.Diff.FilePath)
        {
            Launches = new LaunchDetails(
                paired,
                baseLaunches,
                diffLaunches,
                rounds,
                interval,
                threshold,
                source,
                detectable,
                allocationShift,
                tolerance,
                [.. baseAllocations.Select(a => a.Bytes)],
                [.. diffAllocations.Select(a => a.Bytes)]),
        };
    }

    /// <summary>The fewest paired rounds whose signed-rank interval exists at <paramref name="alpha"/>: 2^-n ≤ alpha.</summary>
    public static int MinimumRounds(double alpha)
    {
        int n = 1;
        while (Math.Pow(2, -n) > alpha)
        {
            n++;
        }

        return n;
    }

    // Returns the margin the verdict was held to: the one given, or the run's own round-to-round spread when larger.
    private (TimeVerdict Verdict, string? Note, ShiftInterval? Interval, double Margin, string Source) CompareTimes(
        bool paired, IReadOnlyList<RoundPair> rounds, List<Launch> baseLaunches, List<Launch> diffLaunches, double margin, string source)
    {
        double alpha = settings.Alpha;
        ShiftInterval interval;
        double spread;
        if (paired)
        {
            var ratios = rounds.Where(r => r.BaseNanoseconds > 0 && r.DiffNanoseconds > 0).Select(r => Math.Log(r.Ratio)).ToList();
            if (ratios.Count == 0)
            {
                return (TimeVerdict.Unknown, "no round with a positive time on both sides", null, margin, source);
            }

            interval = ShiftInterval.Paired(ratios, alpha);
            if (!interval.HasBounds)
            {
                return (TimeVerdict.Unknown, Invariant($"{Plural(ratios.Count, "paired round")} cannot reach alpha {alpha}: the signed-rank test needs at least {MinimumRounds(alpha)}"), interval, margin, source);
            }

            spread = StandardDeviation(ratios, interval.Estimate);
        }
        else
        {
            var x = baseLaunches.Where(l => l.MedianNanoseconds > 0).Select(l => Math.Log(l.MedianNanoseconds)).ToList();
            var y = diffLaunches.Where(l => l.MedianNanoseconds > 0).Select(l => Math.Log(l.MedianNanoseconds)).ToList();
            if (x.Count == 0 || y.Count == 0)
            {
                return (TimeVerdict.Unknown, "no launch with a positive time on one side", null, margin, source);
            }

            interval = ShiftInterval.TwoSample(x, y, alpha);
            if (!interval.HasBounds)
            {
                int needed = IterationComparer.MinimumSampleSizeFor(alpha);
                string hint = x.Count == 1 && y.Count == 1
                    ? "; give interleaved rounds (--interleaved), or test the iterations of single-launch reports with --unit iteration"
                    : string.Empty;
                return (TimeVerdict.Unknown, Invariant($"{Plural(x.Count, "launch")} in base and {y.Count} in diff cannot reach alpha {alpha}: the rank-sum test needs about {needed} per side{hint}"), interval, margin, source);
            }

            // Two independent launches differ by √2 times one launch's spread.
            spread = Math.Sqrt(2) * StandardDeviation([.. x.Select(v => v - LaunchExtractor.Median(x)).Concat(y.Select(v => v - LaunchExtractor.Median(y)))], 0);
        }

        // A change smaller than the spread of this run's own rounds is not one this machine can tell apart: without it,
        // when the noise dwarfs the threshold the test would flag same-commit runs at the rate alpha.
        if (spread > margin)
        {
            margin = spread;
            source = "this run's round-to-round spread";
        }

        double lower = interval.Lower!.Value, upper = interval.Upper!.Value;
        if (lower > margin)
        {
            return (TimeVerdict.Slower, null, interval, margin, source);
        }

        if (upper < -margin)
        {
            return (TimeVerdict.Faster, null, interval, margin, source);
        }

        if (lower >= -margin && upper <= margin)
        {
            return (TimeVerdict.Same, null, interval, margin, source);
        }

        return (TimeVerdict.Unknown, Invariant($"inconclusive: diff/base {Math.Exp(lower):0.000}–{Math.Exp(upper):0.000} reaches past the ±{Math.Exp(margin) - 1:0.0%} threshold"), interval, margin, source);
    }

    // The sample standard deviation of values around a given centre (n − 1 in the denominator).
    private static double StandardDeviation(List<double> values, double centre) =>
        values.Count < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - centre) * (v - centre)) / (values.Count - 1));

    private (AllocationVerdict Verdict, ShiftInterval? Shift, double Tolerance, string? Note) CompareAllocations(
        string fullName, bool paired, IReadOnlyList<RoundPair> rounds, List<(int? Round, long Bytes)> baseAllocations, List<(int? Round, long Bytes)> diffAllocations)
    {
        // Each side's own launches ran the same code, so their spread is an A/A spread too: without it, a tolerance of
        // zero would flag the few bytes BenchmarkDotNet's averages move by whenever every round happened to move up.
        double tolerance = Math.Max(settings.AllocationThreshold, settings.NoiseMultiplier * LaunchSpread(baseAllocations, diffAllocations));
        if (settings.Noise?.Find(fullName)?.AllocationNoiseBytes is { } noise)
        {
            tolerance = Math.Max(tolerance, settings.NoiseMultiplier * noise);
        }

        if (baseAllocations.Count == 0 || diffAllocations.Count == 0)
        {
            return (AllocationVerdict.NotMeasured, null, tolerance, null);
        }

        ShiftInterval shift;
        if (paired)
        {
            var changes = rounds.Where(r => r.BaseAllocated is not null && r.DiffAllocated is not null)
                .Select(r => (double)(r.DiffAllocated!.Value - r.BaseAllocated!.Value)).ToList();
            if (changes.Count == 0)
            {
                return (AllocationVerdict.NotMeasured, null, tolerance, null);
            }

            shift = ShiftInterval.Paired(changes, settings.Alpha);
        }
        else
        {
            shift = ShiftInterval.TwoSample([.. baseAllocations.Select(a => (double)a.Bytes)], [.. diffAllocations.Select(a => (double)a.Bytes)], settings.Alpha);
        }

        if (!shift.HasBounds)
        {
            // Too few reports for an interval: equal-enough allocations are still the same; anything else cannot be told from noise.
            return Math.Abs(shift.Estimate) <= tolerance
                ? (AllocationVerdict.Same, shift, tolerance, null)
                : (AllocationVerdict.Unknown, shift, tolerance, Invariant($"allocations differ by {shift.Estimate:+#,0;-#,0} B/op, but too few launches to tell that from noise"));
        }

        double lower = shift.Lower!.Value, upper = shift.Upper!.Value;
        if (lower > tolerance)
        {
            return (AllocationVerdict.Increased, shift, tolerance, null);
        }

        if (upper < -tolerance)
        {
            return (AllocationVerdict.Decreased, shift, tolerance, null);
        }

        return lower >= -tolerance && upper <= tolerance
            ? (AllocationVerdict.Same, shift, tolerance, null)
            : (AllocationVerdict.Unknown, shift, tolerance, Invariant($"allocation change {lower:+#,0;-#,0;0} to {upper:+#,0;-#,0;0} B/op reaches past the ±{tolerance:#,0} B tolerance"));
    }

    private (double Margin, double Threshold, string Source) Margin(string fullName, double baseMedian)
    {
        if (!(baseMedian > 0))
        {
            return (double.PositiveInfinity, double.NaN, "no base time");
        }

        double relative = settings.RelativeThreshold(baseMedian);
        string source = Invariant($"--threshold {settings.Threshold}");
        double floor = settings.NoiseNanoseconds / baseMedian;
        if (floor > relative)
        {
            relative = floor;
            source = "--noise floor";
        }

        double margin = Math.Log(1 + relative);
        if (settings.Noise?.Find(fullName) is { } noise && settings.NoiseMultiplier * noise.TimeNoise > margin)
        {
            margin = settings.NoiseMultiplier * noise.TimeNoise;
            source = Invariant($"noise file: {settings.NoiseMultiplier:0.##} × {Math.Exp(noise.TimeNoise) - 1:0.0%}");
        }

        return (margin, Math.Exp(margin) - 1, source);
    }

    /// <summary>
    /// The spread of the difference of two launches of the same code, estimated from each side's launches around their
    /// own median: √2 × their pooled root mean square deviation (comparable with a calibrated A/A round's difference).
    /// </summary>
    public static double LaunchSpread(IReadOnlyList<(int? Round, long Bytes)> baseValues, IReadOnlyList<(int? Round, long Bytes)> diffValues)
    {
        ArgumentNullException.ThrowIfNull(baseValues);
        ArgumentNullException.ThrowIfNull(diffValues);
        var deviations = new List<double>();
        foreach (var side in new[] { baseValues, diffValues })
        {
            double median = LaunchExtractor.Median([.. side.Select(v => (double)v.Bytes)]);
            deviations.AddRange(side.Select(v => v.Bytes - median));
        }

        return deviations.Count == 0 ? 0 : Math.Sqrt(2 * deviations.Sum(d => d * d) / deviations.Count);
    }

    private static List<(int? Round, long Bytes)> Allocations(IReadOnlyList<LocatedBenchmark> occurrences) =>
        [.. occurrences.Where(o => !Failed(o) && o.Benchmark.Memory?.BytesAllocatedPerOperation is not null)
            .Select(o => (o.Round, o.Benchmark.Memory!.BytesAllocatedPerOperation!.Value))];

    private static long? MedianOf(List<(int? Round, long Bytes)> allocations) =>
        allocations.Count == 0 ? null : (long)Math.Round(LaunchExtractor.Median([.. allocations.Select(a => (double)a.Bytes)]));

    private static bool Failed(LocatedBenchmark occurrence) => occurrence.Benchmark.Statistics is null;

    private static string Plural(int count, string noun) => Invariant($"{count} {noun}{(count == 1 ? string.Empty : noun.EndsWith('h') ? "es" : "s")}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
