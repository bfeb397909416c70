using System.Globalization;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ImageStorage.Benchmarks.Training;

namespace ImageStorage.Benchmarks.Infrastructure;

/// <summary>Images per second of the rows whose operation is one epoch of the store (the Count parameter): what a trainer's throughput is bounded by.</summary>
public sealed class ImagesPerSecondColumn : SuiteColumn
{
    /// <inheritdoc />
    public override string ColumnName => "Images/s";

    /// <inheritdoc />
    public override int PriorityInCategory => 2;

    /// <inheritdoc />
    public override string Legend => "Images of the store per second of the mean: Count ÷ Mean, for operations that go over every image once";

    /// <summary>Whether a benchmark class's operations each go over every image of its store once.</summary>
    public static bool AppliesTo(Type benchmarkClass) => typeof(EpochBenchmark).IsAssignableFrom(benchmarkClass);

    /// <inheritdoc />
    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        double? mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return AppliesTo(benchmarkCase.Descriptor.Type) && mean is double nanoseconds && nanoseconds > 0
            ? (Convert.ToDouble(benchmarkCase.Parameters["Count"], CultureInfo.InvariantCulture) / (nanoseconds / 1e9)).ToString("N0", CultureInfo.InvariantCulture)
            : "-";
    }

    /// <inheritdoc />
    public override bool IsAvailable(Summary summary) => summary?.BenchmarksCases.Any(c => AppliesTo(c.Descriptor.Type)) == true;
}
