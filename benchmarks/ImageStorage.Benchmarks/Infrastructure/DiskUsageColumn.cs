using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ImageStorage.Benchmarks.Reports;

namespace ImageStorage.Benchmarks.Infrastructure;

/// <summary>
/// Allocated bytes on disk of the store a row wrote or read. Columns run in the host process and the store lives in
/// the benchmark's child process, so the child records the figure in a side file (<see cref="DiskUsageRecord"/>).
/// </summary>
public sealed class DiskUsageColumn(string sideFilesPath) : SuiteColumn
{
    /// <inheritdoc />
    public override string ColumnName => "Disk";

    /// <inheritdoc />
    public override int PriorityInCategory => 1;

    /// <inheritdoc />
    public override UnitType UnitType => UnitType.Size;

    /// <inheritdoc />
    public override string Legend => "Allocated bytes on disk of the store (blocks, as du counts them)";

    /// <inheritdoc />
    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        DiskUsageRecord.Read(sideFilesPath, benchmarkCase) is long bytes ? Units.Bytes(bytes) : "-";

    /// <inheritdoc />
    public override bool IsAvailable(Summary summary) =>
        summary?.BenchmarksCases.Any(c => DiskUsageRecord.Read(sideFilesPath, c) is not null) == true;
}
