using ImageStorage.ResultsComparer.Reports;

namespace ImageStorage.ResultsComparer.Matching;

/// <summary>A benchmark and the report file it came from.</summary>
/// <param name="FullName">The benchmark's identity, parameters included.</param>
/// <param name="Benchmark">The benchmark's data.</param>
/// <param name="FilePath">The report file it was read from.</param>
internal sealed record LocatedBenchmark(string FullName, BdnBenchmark Benchmark, string FilePath);

/// <summary>The same benchmark found on both sides.</summary>
/// <param name="FullName">The benchmark's identity, parameters included.</param>
/// <param name="Base">The baseline result.</param>
/// <param name="Diff">The result under test.</param>
internal sealed record MatchedBenchmark(string FullName, LocatedBenchmark Base, LocatedBenchmark Diff);

/// <summary>A name that occurs more than once on one side; the first occurrence is the one compared.</summary>
/// <param name="Side">The side with the repeated name.</param>
/// <param name="FullName">The repeated name.</param>
/// <param name="Files">The report file of every occurrence, in the order read (a file repeats when it holds several jobs).</param>
internal sealed record DuplicateName(Side Side, string FullName, IReadOnlyList<string> Files);

/// <summary>The benchmarks paired by name, those on one side only, and the names that were not unique.</summary>
/// <param name="Matched">Benchmarks found on both sides, by name.</param>
/// <param name="Added">Benchmarks found only in the diff.</param>
/// <param name="Removed">Benchmarks found only in the baseline.</param>
/// <param name="Duplicates">Names found more than once on one side.</param>
internal sealed record MatchResult(
    IReadOnlyList<MatchedBenchmark> Matched,
    IReadOnlyList<LocatedBenchmark> Added,
    IReadOnlyList<LocatedBenchmark> Removed,
    IReadOnlyList<DuplicateName> Duplicates);
