using BenchmarkDotNet.Attributes;
using ImageStorage.Benchmarks.Macro;

namespace ImageStorage.Benchmarks.Questions;

/// <summary>
/// The article's LMDB planning question, how big a transaction should be: LMDB's store-many of the run's largest count
/// committing every 1,000 or 10,000 records, or once for everything (0). Each commit is an fsync.
/// </summary>
[BenchmarkCategory("Questions", "Store", "Lmdb")]
public class LmdbTransactions : StoreMany
{
    /// <summary>LMDB only: the question is about its transactions.</summary>
    [Params(StoreKind.Lmdb)]
    public override StoreKind Method { get; set; } = StoreKind.Lmdb;

    /// <summary>Images per operation: the run's largest count.</summary>
    [ParamsSource(nameof(LargestCount))]
    public override int Count { get; set; }

    /// <summary>Records per write transaction (0: all in one).</summary>
    [Params(1_000, 10_000, 0)]
    public int RecordsPerTransaction { get; set; }

    /// <inheritdoc />
    protected override StoreOptions Options => new() { LmdbRecordsPerTransaction = RecordsPerTransaction };
}
