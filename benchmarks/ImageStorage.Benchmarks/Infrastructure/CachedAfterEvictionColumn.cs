using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ImageStorage.Benchmarks.Infrastructure;

/// <summary>
/// For cold-cache rows: the largest fraction of the store's pages still in the page cache right after an eviction,
/// over the case's iterations (mincore). Near 0 % means each iteration read from disk.
/// </summary>
public sealed class CachedAfterEvictionColumn(string sideFilesPath) : IColumn
{
    private const string Name = "cached";

    /// <inheritdoc />
    public string Id => nameof(CachedAfterEvictionColumn);

    /// <inheritdoc />
    public string ColumnName => "Cached";

    /// <inheritdoc />
    public bool AlwaysShow => true;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc />
    public int PriorityInCategory => 3;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => "Most of the store still in the page cache right after evicting it, over the iterations (mincore)";

    /// <summary>Records <paramref name="fraction"/> for a case (written by the child process).</summary>
    public static void Write(string sideFilesPath, Type benchmarkClass, IEnumerable<(string Name, object Value)> parameters, double fraction) =>
        SideRecord.Write(sideFilesPath, Name, benchmarkClass, parameters, fraction.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>The recorded fraction for <paramref name="benchmarkCase"/>, or null (read by the host).</summary>
    public static double? Read(string sideFilesPath, BenchmarkCase benchmarkCase) =>
        double.TryParse(SideRecord.Read(sideFilesPath, Name, benchmarkCase), NumberStyles.Float, CultureInfo.InvariantCulture, out double fraction) ? fraction : null;

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        Read(sideFilesPath, benchmarkCase) is double fraction ? fraction.ToString("0.0 %", CultureInfo.InvariantCulture) : "-";

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) =>
        summary?.BenchmarksCases.Any(c => Read(sideFilesPath, c) is not null) == true;
}
