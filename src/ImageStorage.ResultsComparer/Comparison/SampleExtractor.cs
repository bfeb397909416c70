using ImageStorage.ResultsComparer.Reports;

namespace ImageStorage.ResultsComparer.Comparison;

/// <summary>Extracts a benchmark's per-operation times, the samples the iteration-level test runs on.</summary>
internal static class SampleExtractor
{
    /// <summary>
    /// Returns the Workload/Result iterations' nanoseconds per operation (BenchmarkDotNet's overhead-corrected, outlier-free
    /// results, the ones its own statistics use), or the statistics' values when a report has no measurements.
    /// </summary>
    public static IReadOnlyList<double> PerOperationNanoseconds(BdnBenchmark benchmark)
    {
        ArgumentNullException.ThrowIfNull(benchmark);
        var results = Results(benchmark).Select(m => m.Nanoseconds / m.Operations).Where(double.IsFinite).ToList();
        if (results.Count > 0)
        {
            return results;
        }

        return benchmark.Statistics?.OriginalValues?.Where(double.IsFinite).ToList() ?? [];
    }

    /// <summary>The benchmark's Workload/Result measurements with at least one operation, in report order.</summary>
    public static IEnumerable<BdnMeasurement> Results(BdnBenchmark benchmark)
    {
        ArgumentNullException.ThrowIfNull(benchmark);
        return (benchmark.Measurements ?? []).Where(m => m is not null && m.Operations > 0
            && string.Equals(m.IterationMode, "Workload", StringComparison.OrdinalIgnoreCase)
            && string.Equals(m.IterationStage, "Result", StringComparison.OrdinalIgnoreCase));
    }
}
