using System.Globalization;
using ImageStorage.ResultsComparer.Comparison;
using ImageStorage.ResultsComparer.Interleave;
using ImageStorage.ResultsComparer.Matching;
using ImageStorage.ResultsComparer.Reports;

namespace ImageStorage.ResultsComparer.Noise;

/// <summary>
/// Turns A/A interleaved runs (the same commit on both sides) into per-benchmark noise: in such a run every round's
/// ln(diff/base) is pure launch-to-launch noise with a true value of zero, so its root mean square around zero is the
/// noise of one paired round; the allocation noise is the same for the rounds' allocation differences.
/// </summary>
internal static class NoiseCalibrator
{
    /// <summary>The fewest paired rounds per benchmark worth calibrating from; fewer make the estimate a guess.</summary>
    public const int MinimumRounds = 3;

    /// <summary>Calibrates from the rounds folders <paramref name="roundsFolders"/>, pooling their rounds per benchmark.</summary>
    public static NoiseFile Calibrate(IReadOnlyList<string> roundsFolders, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(roundsFolders);
        var ratios = new SortedDictionary<string, List<double>>(StringComparer.Ordinal);
        var allocations = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var medians = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (string folder in roundsFolders)
        {
            CheckSameCommit(folder);
            var inputs = ComparisonInputs.FromRounds(folder);
            var match = BenchmarkMatcher.Match(inputs.BaseFiles, inputs.DiffFiles, poolFiles: true);
            // A round in which either side failed says nothing about noise; RoundPairing only pairs rounds with both.
            foreach (var pair in match.Matched)
            {
                foreach (var round in RoundPairing.Pair(pair).Where(r => r.BaseNanoseconds > 0 && r.DiffNanoseconds > 0))
                {
                    Add(ratios, pair.FullName, Math.Log(round.Ratio));
                    Add(medians, pair.FullName, round.BaseNanoseconds);
                    Add(medians, pair.FullName, round.DiffNanoseconds);
                    if (round.BaseAllocated is { } before && round.DiffAllocated is { } after)
                    {
                        Add(allocations, pair.FullName, after - before);
                    }
                }
            }
        }

        var benchmarks = ratios.Where(pair => pair.Value.Count >= MinimumRounds).Select(pair => new BenchmarkNoise
        {
            FullName = pair.Key,
            Rounds = pair.Value.Count,
            TimeNoise = RootMeanSquare(pair.Value),
            AllocationNoiseBytes = allocations.TryGetValue(pair.Key, out var changes) ? RootMeanSquare(changes) : null,
            MedianNanoseconds = LaunchExtractor.Median(medians[pair.Key]),
        }).ToList();
        if (benchmarks.Count == 0)
        {
            throw new ReportInputException($"calibrate: no benchmark has {MinimumRounds} or more paired rounds in {string.Join(", ", roundsFolders.Select(f => $"'{f}'"))}.");
        }

        return new NoiseFile
        {
            Format = NoiseFile.FormatName,
            Version = NoiseFile.CurrentVersion,
            Created = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            Sources = [.. roundsFolders.Select(Path.GetFullPath)],
            Benchmarks = benchmarks,
        };
    }

    /// <summary>The root mean square of <paramref name="values"/> around zero.</summary>
    public static double RootMeanSquare(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.Count == 0 ? double.NaN : Math.Sqrt(values.Sum(v => v * v) / values.Count);
    }

    // An A/B run would calibrate the change as noise; run.json, when present, says which commits ran.
    private static void CheckSameCommit(string folder)
    {
        if (RunManifestJson.TryRead(folder) is { } manifest && manifest.Base?.Commit != manifest.Diff?.Commit)
        {
            throw new ReportInputException($"calibrate: '{folder}' compares two different builds ({manifest.Base?.Commit} and {manifest.Diff?.Commit}); calibrate from a run of one commit against itself (interleave --base X --diff X).");
        }
    }

    private static void Add<TKey>(IDictionary<TKey, List<double>> lists, TKey key, double value)
    {
        if (!lists.TryGetValue(key, out var list))
        {
            lists[key] = list = [];
        }

        list.Add(value);
    }
}
