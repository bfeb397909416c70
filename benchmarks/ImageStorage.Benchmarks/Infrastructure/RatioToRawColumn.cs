using System.Globalization;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ImageStorage.Benchmarks.Infrastructure;

/// <summary>
/// Each row's mean divided by the mean of the Raw row with the same benchmark and parameters: how far every method
/// is from the speed-of-light baseline. (BenchmarkDotNet's own ratio works across methods, not across a parameter.)
/// </summary>
public sealed class RatioToRawColumn : SuiteColumn
{
    /// <summary>The parameter that names the storage method.</summary>
    public const string MethodParameter = "Method";

    /// <inheritdoc />
    public override string ColumnName => "vs Raw";

    /// <inheritdoc />
    public override int PriorityInCategory => 0;

    /// <inheritdoc />
    public override string Legend => "Mean of this row divided by the mean of the Raw row with the same benchmark and other parameters";

    /// <summary>The ratio for <paramref name="benchmarkCase"/>, or null where there is no Raw row or no result.</summary>
    public static double? Ratio(Summary summary, BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var raw = RawTwin(summary, benchmarkCase);
        double? mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        double? rawMean = raw is null ? null : summary[raw]?.ResultStatistics?.Mean;
        return mean is double m && rawMean is double r && r > 0 ? m / r : null;
    }

    /// <summary>
    /// The Raw case of the same benchmark with the same other parameters, or null. A parameter value no Raw case takes
    /// (PNG records, which Raw stores cannot hold) does not decide: such rows are held against Raw's own pixels.
    /// </summary>
    public static BenchmarkCase? RawTwin(Summary summary, BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var raws = summary.BenchmarksCases
            .Where(c => c.Descriptor == benchmarkCase.Descriptor && Equals(c.Parameters[MethodParameter], StoreKind.Raw))
            .ToList();
        var deciding = benchmarkCase.Parameters.Items
            .Where(p => p.Name != MethodParameter && raws.Any(r => Equals(r.Parameters[p.Name], p.Value)))
            .ToList();
        return raws.FirstOrDefault(r => deciding.All(p => Equals(r.Parameters[p.Name], p.Value)));
    }

    /// <inheritdoc />
    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        Ratio(summary, benchmarkCase) is double ratio ? ratio.ToString("0.00", CultureInfo.InvariantCulture) : "-";

    /// <inheritdoc />
    public override bool IsAvailable(Summary summary) =>
        summary?.BenchmarksCases.Any(c => c.Parameters.Items.Any(p => p.Name == MethodParameter)) == true;
}
