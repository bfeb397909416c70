using ImageStorage.ResultsComparer.Reports;

namespace ImageStorage.ResultsComparer.Matching;

/// <summary>Pairs the benchmarks of the two sides by full name (parameters included) and reports the names that are not unique.</summary>
internal static class BenchmarkMatcher
{
    /// <summary>
    /// Matches <paramref name="baseReports"/> against <paramref name="diffReports"/>. With <paramref name="poolFiles"/>, a
    /// name found in several files is one benchmark measured several times (sittings or rounds) and every occurrence is
    /// kept; without it only the first is, and the others are duplicates. A name repeated inside one file (several jobs)
    /// is always a duplicate.
    /// </summary>
    public static MatchResult Match(IReadOnlyList<ReportFile> baseReports, IReadOnlyList<ReportFile> diffReports, bool poolFiles = false)
    {
        var duplicates = new List<DuplicateName>();
        var baseByName = Index(baseReports, Side.Base, poolFiles, duplicates);
        var diffByName = Index(diffReports, Side.Diff, poolFiles, duplicates);

        var matched = new List<MatchedBenchmark>();
        var removed = new List<LocatedBenchmark>();
        foreach (var (name, baseOccurrences) in baseByName)
        {
            if (diffByName.TryGetValue(name, out var diffOccurrences))
            {
                matched.Add(new MatchedBenchmark(name, baseOccurrences, diffOccurrences));
            }
            else
            {
                removed.Add(baseOccurrences[0]);
            }
        }

        var added = diffByName.Where(pair => !baseByName.ContainsKey(pair.Key)).Select(pair => pair.Value[0]).ToList();
        return new MatchResult(matched, added, removed, duplicates);
    }

    /// <summary>
    /// The name with its parameters in name order: BenchmarkDotNet lists them in the order the class hierarchy declares
    /// them, so moving a parameter to a base class renames every case although none changed.
    /// </summary>
    public static string Canonical(string fullName)
    {
        ArgumentNullException.ThrowIfNull(fullName);
        int open = fullName.IndexOf('(', StringComparison.Ordinal);
        if (open < 0 || !fullName.EndsWith(')'))
        {
            return fullName;
        }

        var parameters = fullName[(open + 1)..^1].Split(", ").Order(StringComparer.Ordinal);
        return $"{fullName[..(open + 1)]}{string.Join(", ", parameters)})";
    }

    private static SortedDictionary<string, IReadOnlyList<LocatedBenchmark>> Index(IReadOnlyList<ReportFile> reports, Side side, bool poolFiles, List<DuplicateName> duplicates)
    {
        var occurrences = new SortedDictionary<string, List<LocatedBenchmark>>(StringComparer.Ordinal);
        foreach (var file in reports)
        {
            foreach (var benchmark in file.Report.Benchmarks ?? [])
            {
                // ReportReader guarantees a FullName.
                string name = Canonical(benchmark.FullName!);
                if (!occurrences.TryGetValue(name, out var list))
                {
                    occurrences[name] = list = [];
                }

                list.Add(new LocatedBenchmark(name, benchmark, file.Path, file.Round));
            }
        }

        var kept = new SortedDictionary<string, IReadOnlyList<LocatedBenchmark>>(StringComparer.Ordinal);
        foreach (var (name, list) in occurrences)
        {
            // One occurrence per file when pooling (a second one in the same file is another job), else one in all.
            var usable = poolFiles ? list.DistinctBy(located => located.FilePath, StringComparer.Ordinal).ToList() : [list[0]];
            kept[name] = usable;
            if (list.Count > usable.Count)
            {
                duplicates.Add(new DuplicateName(side, name, [.. list.Select(located => located.FilePath)]));
            }
        }

        return kept;
    }
}
