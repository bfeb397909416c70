using System.Text.Json.Serialization;

namespace ImageStorage.Benchmarks.Reports;

/// <summary>
/// One measured benchmark case of a run, flattened from BenchmarkDotNet's summaries so that the run's record, its
/// charts and its pages need nothing from BenchmarkDotNet (and can be rebuilt from <c>run.json</c>).
/// </summary>
/// <param name="Experiment">The benchmark class: StoreSingle, ReadSingle, StoreMany, ReadMany, …</param>
/// <param name="Operation">The benchmark method within the class (e.g. OpenReadClose, ReadOpenStore, Store, Read).</param>
/// <param name="Method">The storage method (a <see cref="StoreKind"/> name).</param>
/// <param name="Count">The case's image count (its Count parameter), or 1 for single-image cases.</param>
/// <param name="Parameters">Its other parameters (name → value), for experiments with more than Method and Count.</param>
/// <param name="MeanNanoseconds">Mean time per operation.</param>
/// <param name="MedianNanoseconds">Median time per operation.</param>
/// <param name="MinNanoseconds">The fastest iteration's time per operation.</param>
/// <param name="MaxNanoseconds">The slowest iteration's time per operation.</param>
/// <param name="Iterations">Measured iterations behind the statistics.</param>
/// <param name="AllocatedBytes">Managed bytes allocated per operation, if measured.</param>
/// <param name="DiskBytes">Allocated bytes on disk of the case's store, if recorded.</param>
/// <param name="RatioToRaw">Mean divided by the mean of the case's Raw baseline, if there is one.</param>
/// <param name="DiskRatioToRaw">Disk bytes divided by those of the case's Raw baseline, if both were recorded.</param>
public sealed record ResultRow(
    string Experiment,
    string Operation,
    string Method,
    int Count,
    IReadOnlyDictionary<string, string> Parameters,
    double MeanNanoseconds,
    double MedianNanoseconds,
    double MinNanoseconds,
    double MaxNanoseconds,
    int Iterations,
    long? AllocatedBytes,
    long? DiskBytes,
    double? RatioToRaw,
    double? DiskRatioToRaw)
{
    /// <summary>The mean in seconds.</summary>
    [JsonIgnore]
    public double MeanSeconds => MeanNanoseconds / 1e9;

    /// <summary>True for the baseline's own rows.</summary>
    [JsonIgnore]
    public bool IsRaw => string.Equals(Method, nameof(StoreKind.Raw), StringComparison.OrdinalIgnoreCase);

    /// <summary>The value of parameter <paramref name="name"/>, or null when the case has none.</summary>
    public string? Parameter(string name) => Parameters.TryGetValue(name, out string? value) ? value : null;
}
