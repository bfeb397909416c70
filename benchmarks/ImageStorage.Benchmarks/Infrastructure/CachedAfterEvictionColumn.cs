using System.Globalization;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ImageStorage.Benchmarks.Infrastructure;

/// <summary>
/// For cold-cache rows: the largest fraction of the store's pages still in the page cache right after an eviction,
/// over the case's iterations (mincore). Near 0 % means each iteration read from disk.
/// </summary>
public sealed class CachedAfterEvictionColumn(string sideFilesPath) : SuiteColumn
{
    private const string Name = "cached";

    /// <inheritdoc />
    public override string ColumnName => "Cached";

    /// <inheritdoc />
    public override int PriorityInCategory => 3;

    /// <inheritdoc />
    public override string Legend => "Most of the store still in the page cache right after evicting it, over the iterations (mincore)";

    /// <summary>Records <paramref name="fraction"/> for a case (written by the child process).</summary>
    public static void Write(string sideFilesPath, Type benchmarkClass, IEnumerable<(string Name, object Value)> parameters, double fraction) =>
        SideRecord.Write(sideFilesPath, Name, benchmarkClass, parameters, fraction.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>The recorded fraction for <paramref name="benchmarkCase"/>, or null (read by the host).</summary>
    public static double? Read(string sideFilesPath, BenchmarkCase benchmarkCase) =>
        double.TryParse(SideRecord.Read(sideFilesPath, Name, benchmarkCase), NumberStyles.Float, CultureInfo.InvariantCulture, out double fraction) ? fraction : null;

    /// <inheritdoc />
    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        Read(sideFilesPath, benchmarkCase) is double fraction ? fraction.ToString("0.0 %", CultureInfo.InvariantCulture) : "-";

    /// <inheritdoc />
    public override bool IsAvailable(Summary summary) =>
        summary?.BenchmarksCases.Any(c => Read(sideFilesPath, c) is not null) == true;
}
