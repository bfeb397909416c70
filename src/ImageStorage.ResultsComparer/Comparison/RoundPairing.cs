using ImageStorage.ResultsComparer.Matching;

namespace ImageStorage.ResultsComparer.Comparison;

/// <summary>Pairs a benchmark's base and diff launches by interleaved round, the pairs the paired test and the calibration run on.</summary>
internal static class RoundPairing
{
    /// <summary>The rounds in which both sides of <paramref name="pair"/> have a launch, in round order; empty when not interleaved.</summary>
    public static IReadOnlyList<RoundPair> Pair(MatchedBenchmark pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        if (!IsInterleaved(pair))
        {
            return [];
        }

        var baseTimes = Times(pair.BaseOccurrences);
        var diffTimes = Times(pair.DiffOccurrences);
        var baseAllocated = Allocated(pair.BaseOccurrences);
        var diffAllocated = Allocated(pair.DiffOccurrences);
        return [.. baseTimes.Keys.Intersect(diffTimes.Keys).Order()
            .Select(round => new RoundPair(
                round,
                baseTimes[round],
                diffTimes[round],
                baseAllocated.TryGetValue(round, out long before) ? before : null,
                diffAllocated.TryGetValue(round, out long after) ? after : null))];
    }

    /// <summary>Whether every occurrence on both sides comes from an interleaved round.</summary>
    public static bool IsInterleaved(MatchedBenchmark pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return pair.BaseOccurrences.Concat(pair.DiffOccurrences).All(o => o.Round is not null);
    }

    // A round normally holds one launch a side; should it hold several, the round's value is their median.
    private static Dictionary<int, double> Times(IReadOnlyList<LocatedBenchmark> occurrences) =>
        occurrences.SelectMany(LaunchExtractor.Launches)
            .GroupBy(l => l.Round!.Value)
            .ToDictionary(g => g.Key, g => LaunchExtractor.Median([.. g.Select(l => l.MedianNanoseconds)]));

    private static Dictionary<int, long> Allocated(IReadOnlyList<LocatedBenchmark> occurrences) =>
        occurrences.Where(o => o.Benchmark.Statistics is not null && o.Benchmark.Memory?.BytesAllocatedPerOperation is not null)
            .GroupBy(o => o.Round!.Value)
            .ToDictionary(g => g.Key, g => g.First().Benchmark.Memory!.BytesAllocatedPerOperation!.Value);
}
