using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ImageStorage.Benchmarks.Infrastructure;

/// <summary>The benchmark method's name, headed "Benchmark" so it is not confused with the storage-method parameter "Method".</summary>
public sealed class BenchmarkNameColumn : IColumn
{
    /// <inheritdoc />
    public string Id => nameof(BenchmarkNameColumn);

    /// <inheritdoc />
    public string ColumnName => "Benchmark";

    /// <inheritdoc />
    public bool AlwaysShow => true;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Job;

    /// <inheritdoc />
    public int PriorityInCategory => -10;

    /// <inheritdoc />
    public bool IsNumeric => false;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => "The benchmark method";

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => benchmarkCase?.Descriptor.WorkloadMethodDisplayInfo ?? string.Empty;

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;
}
