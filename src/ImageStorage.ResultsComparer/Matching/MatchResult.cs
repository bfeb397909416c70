using ImageStorage.ResultsComparer.Reports;

namespace ImageStorage.ResultsComparer.Matching;

/// <summary>A benchmark and the report file it came from.</summary>
/// <param name="FullName">The benchmark's identity, parameters included.</param>
/// <param name="Benchmark">The benchmark's data.</param>
/// <param name="FilePath">The report file it was read from.</param>
/// <param name="Round">The interleaved round of that report, or null when the reports are not interleaved.</param>
internal sealed record LocatedBenchmark(string FullName, BdnBenchmark Benchmark, string FilePath, int? Round = null);

/// <summary>The same benchmark found on both sides.</summary>
/// <param name="FullName">The benchmark's identity, parameters included.</param>
/// <param name="BaseOccurrences">Every baseline result of it, one per report file (several files: several sittings or rounds), in file order.</param>
/// <param name="DiffOccurrences">Every result under test, likewise.</param>
internal sealed record MatchedBenchmark(string FullName, IReadOnlyList<LocatedBenchmark> BaseOccurrences, IReadOnlyList<LocatedBenchmark> DiffOccurrences)
{
    /// <summary>The first baseline result, the one the iteration-level test compares.</summary>
    public LocatedBenchmark Base => BaseOccurrences[0];

    /// <summary>The first result under test, the one the iteration-level test compares.</summary>
    public LocatedBenchmark Diff => DiffOccurrences[0];
}

/// <summary>A name that occurs more than once where only one occurrence can be used; the first is the one compared.</summary>
/// <param name="Side">The side with the repeated name.</param>
/// <param name="FullName">The repeated name.</param>
/// <param name="Files">The report file of every occurrence, in the order read (a file repeats when it holds several jobs).</param>
internal sealed record DuplicateName(Side Side, string FullName, IReadOnlyList<string> Files);

/// <summary>The benchmarks paired by name, those on one side only, and the names that were not unique.</summary>
/// <param name="Matched">Benchmarks found on both sides, by name.</param>
/// <param name="Added">Benchmarks found only in the diff (their first occurrence).</param>
/// <param name="Removed">Benchmarks found only in the baseline (their first occurrence).</param>
/// <param name="Duplicates">Names found more than once where only one occurrence is used.</param>
internal sealed record MatchResult(
    IReadOnlyList<MatchedBenchmark> Matched,
    IReadOnlyList<LocatedBenchmark> Added,
    IReadOnlyList<LocatedBenchmark> Removed,
    IReadOnlyList<DuplicateName> Duplicates);
