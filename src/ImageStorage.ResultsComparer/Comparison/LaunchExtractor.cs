using ImageStorage.ResultsComparer.Matching;

namespace ImageStorage.ResultsComparer.Comparison;

/// <summary>Turns a benchmark's measurements into one value per process launch: the median of that launch's Workload/Result iterations.</summary>
internal static class LaunchExtractor
{
    /// <summary>
    /// The launches of <paramref name="occurrence"/>, by launch index. A report without measurements counts as one launch
    /// with its statistics' median; a failed benchmark (no statistics) has none.
    /// </summary>
    public static IReadOnlyList<Launch> Launches(LocatedBenchmark occurrence)
    {
        ArgumentNullException.ThrowIfNull(occurrence);
        var benchmark = occurrence.Benchmark;
        if (benchmark.Statistics is null)
        {
            return [];
        }

        var launches = SampleExtractor.Results(benchmark)
            .GroupBy(m => m.LaunchIndex)
            .OrderBy(g => g.Key)
            .Select(g => (Index: g.Key, Values: g.Select(m => m.Nanoseconds / m.Operations).Where(double.IsFinite).ToList()))
            .Where(g => g.Values.Count > 0)
            .Select(g => new Launch(occurrence.Round, occurrence.FilePath, g.Index, Median(g.Values), g.Values.Count))
            .ToList();
        if (launches.Count > 0)
        {
            return launches;
        }

        double median = benchmark.Statistics.Median;
        return double.IsFinite(median) ? [new Launch(occurrence.Round, occurrence.FilePath, 1, median, benchmark.Statistics.N)] : [];
    }

    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
