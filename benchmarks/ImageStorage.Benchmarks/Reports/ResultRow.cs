namespace ImageStorage.Benchmarks.Reports;

/// <summary>
/// One measured row of a run, flattened from BenchmarkDotNet's summaries so that charts and the index page need
/// nothing from BenchmarkDotNet.
/// </summary>
/// <param name="Experiment">The benchmark class: StoreSingle, ReadSingle, StoreMany, ReadMany, …</param>
/// <param name="Operation">The benchmark method within the class (e.g. OpenReadClose, ReadOpenStore, Store, Read).</param>
/// <param name="Method">The storage method: Raw, Png, Lmdb or Hdf5.</param>
/// <param name="Count">Images per operation (1 for single-image benchmarks).</param>
/// <param name="MeanNanoseconds">Mean time per operation.</param>
/// <param name="MedianNanoseconds">Median time per operation.</param>
/// <param name="AllocatedBytes">Managed bytes allocated per operation, if measured.</param>
/// <param name="DiskBytes">Allocated bytes on disk of the store, if recorded.</param>
/// <param name="Extra">Other parameters of the row (name → value), for experiments with more than Method and Count.</param>
public sealed record ResultRow(
    string Experiment,
    string Operation,
    string Method,
    int Count,
    double MeanNanoseconds,
    double MedianNanoseconds,
    long? AllocatedBytes,
    long? DiskBytes,
    IReadOnlyDictionary<string, string> Extra);
