using System.Globalization;
using BenchmarkDotNet.Reports;
using ImageStorage.Benchmarks.Infrastructure;

namespace ImageStorage.Benchmarks.Reports;

/// <summary>Flattens BenchmarkDotNet summaries into <see cref="ResultRow"/>s for the charts and the index page.</summary>
public static class SummaryRows
{
    /// <summary>One row per benchmark case that produced results.</summary>
    public static IReadOnlyList<ResultRow> From(IEnumerable<Summary> summaries, string sideFilesPath)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var rows = new List<ResultRow>();
        foreach (var summary in summaries)
        {
            foreach (var report in summary.Reports)
            {
                var statistics = report.ResultStatistics;
                var parameters = report.BenchmarkCase.Parameters;
                if (statistics is null || parameters.Items.All(p => p.Name != RatioToRawColumn.MethodParameter))
                {
                    continue;
                }

                var extra = parameters.Items
                    .Where(p => p.Name is not RatioToRawColumn.MethodParameter and not "Count")
                    .ToDictionary(p => p.Name, p => Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? string.Empty, StringComparer.Ordinal);
                int count = parameters.Items.Any(p => p.Name == "Count") ? Convert.ToInt32(parameters["Count"], CultureInfo.InvariantCulture) : 1;
                rows.Add(new ResultRow(
                    report.BenchmarkCase.Descriptor.Type.Name,
                    report.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                    parameters[RatioToRawColumn.MethodParameter].ToString() ?? string.Empty,
                    count,
                    statistics.Mean,
                    statistics.Median,
                    report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase),
                    DiskUsageRecord.Read(sideFilesPath, report.BenchmarkCase),
                    extra));
            }
        }

        return rows;
    }
}
