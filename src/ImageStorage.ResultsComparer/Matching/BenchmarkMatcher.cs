using ImageStorage.ResultsComparer.Reports;

namespace ImageStorage.ResultsComparer.Matching;

/// <summary>Pairs the benchmarks of the two sides by full name (parameters included) and reports the names that are not unique.</summary>
internal static class BenchmarkMatcher
{
    /// <summary>Matches <paramref name="baseReports"/> against <paramref name="diffReports"/>.</summary>
    public static MatchResult Match(IReadOnlyList<ReportFile> baseReports, IReadOnlyList<ReportFile> diffReports)
    {
        var duplicates = new List<DuplicateName>();
        var baseByName = Index(baseReports, Side.Base, duplicates);
        var diffByName = Index(diffReports, Side.Diff, duplicates);

        var matched = new List<MatchedBenchmark>();
        var removed = new List<LocatedBenchmark>();
        foreach (var (name, baseBenchmark) in baseByName)
        {
            if (diffByName.TryGetValue(name, out var diffBenchmark))
            {
                matched.Add(new MatchedBenchmark(name, baseBenchmark, diffBenchmark));
            }
            else
            {
                removed.Add(baseBenchmark);
            }
        }

        var added = diffByName.Where(pair => !baseByName.ContainsKey(pair.Key)).Select(pair => pair.Value).ToList();
        return new MatchResult(matched, added, removed, duplicates);
    }

    private static SortedDictionary<string, LocatedBenchmark> Index(IReadOnlyList<ReportFile> reports, Side side, List<DuplicateName> duplicates)
    {
        var occurrences = new SortedDictionary<string, List<LocatedBenchmark>>(StringComparer.Ordinal);
        foreach (var file in reports)
        {
            foreach (var benchmark in file.Report.Benchmarks ?? [])
            {
                // ReportReader guarantees a FullName.
                string name = benchmark.FullName!;
                if (!occurrences.TryGetValue(name, out var list))
                {
                    occurrences[name] = list = [];
                }

                list.Add(new LocatedBenchmark(name, benchmark, file.Path));
            }
        }

        var first = new SortedDictionary<string, LocatedBenchmark>(StringComparer.Ordinal);
        foreach (var (name, list) in occurrences)
        {
            first[name] = list[0];
            if (list.Count > 1)
            {
                duplicates.Add(new DuplicateName(side, name, [.. list.Select(located => located.FilePath)]));
            }
        }

        return first;
    }
}
