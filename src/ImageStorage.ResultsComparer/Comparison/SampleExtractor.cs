using ImageStorage.ResultsComparer.Reports;

namespace ImageStorage.ResultsComparer.Comparison;

/// <summary>Extracts the raw per-operation times of a benchmark, the samples the statistical test runs on.</summary>
internal static class SampleExtractor
{
    /// <summary>Returns the Workload/Actual iterations' nanoseconds per operation, or the statistics' values when a report has no measurements.</summary>
    public static IReadOnlyList<double> PerOperationNanoseconds(BdnBenchmark benchmark)
    {
        ArgumentNullException.ThrowIfNull(benchmark);
        var actual = (benchmark.Measurements ?? [])
            .Where(m => m is not null && m.Operations > 0
                && string.Equals(m.IterationMode, "Workload", StringComparison.OrdinalIgnoreCase)
                && string.Equals(m.IterationStage, "Actual", StringComparison.OrdinalIgnoreCase))
            .Select(m => m.Nanoseconds / m.Operations)
            .Where(double.IsFinite)
            .ToList();
        if (actual.Count > 0)
        {
            return actual;
        }

        return benchmark.Statistics?.OriginalValues?.Where(double.IsFinite).ToList() ?? [];
    }
}
