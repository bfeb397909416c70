using System.Globalization;
using BenchmarkDotNet.Reports;
using ImageStorage.Benchmarks.Infrastructure;

namespace ImageStorage.Benchmarks.Reports;

/// <summary>Flattens BenchmarkDotNet summaries into <see cref="ResultRow"/>s, with each row's Raw baseline looked up once, here.</summary>
public static class SummaryRows
{
    /// <summary>The name of the image-count parameter.</summary>
    public const string CountParameter = "Count";

    /// <summary>One row per storage-method benchmark case that produced results.</summary>
    public static IReadOnlyList<ResultRow> From(IEnumerable<Summary> summaries, string sideFilesPath)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var rows = new List<ResultRow>();
        foreach (var summary in summaries)
        {
            foreach (var report in summary.Reports)
            {
                var statistics = report.ResultStatistics;
                var benchmarkCase = report.BenchmarkCase;
                var parameters = benchmarkCase.Parameters;
                if (statistics is null || parameters.Items.All(p => p.Name != RatioToRawColumn.MethodParameter))
                {
                    continue;
                }

                var others = parameters.Items
                    .Where(p => p.Name is not RatioToRawColumn.MethodParameter and not CountParameter)
                    .ToDictionary(p => p.Name, p => Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? string.Empty, StringComparer.Ordinal);
                int count = parameters.Items.Any(p => p.Name == CountParameter) ? Convert.ToInt32(parameters[CountParameter], CultureInfo.InvariantCulture) : 1;
                long? disk = DiskUsageRecord.Read(sideFilesPath, benchmarkCase);
                var raw = RatioToRawColumn.RawTwin(summary, benchmarkCase);
                long? rawDisk = raw is null ? null : DiskUsageRecord.Read(sideFilesPath, raw);
                rows.Add(new ResultRow(
                    benchmarkCase.Descriptor.Type.Name,
                    benchmarkCase.Descriptor.WorkloadMethod.Name,
                    parameters[RatioToRawColumn.MethodParameter].ToString() ?? string.Empty,
                    count,
                    others,
                    statistics.Mean,
                    statistics.Median,
                    statistics.Min,
                    statistics.Max,
                    statistics.N,
                    report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase),
                    disk,
                    RatioToRawColumn.Ratio(summary, benchmarkCase),
                    disk is long d && rawDisk is long r && r > 0 ? (double)d / r : null));
            }
        }

        return rows;
    }
}
