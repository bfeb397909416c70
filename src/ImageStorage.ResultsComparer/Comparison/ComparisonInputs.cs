using ImageStorage.ResultsComparer.Interleave;
using ImageStorage.ResultsComparer.Reports;

namespace ImageStorage.ResultsComparer.Comparison;

/// <summary>Both sides' report files as read from disk, with what the report header says about them.</summary>
/// <param name="BaseFiles">The baseline reports (tagged with their round when interleaved).</param>
/// <param name="DiffFiles">The reports under test, likewise.</param>
/// <param name="Base">The baseline as the report header describes it.</param>
/// <param name="Diff">The side under test, likewise.</param>
/// <param name="Rounds">The number of interleaved rounds, or null.</param>
/// <param name="Manifest">The interleave command's run.json, when present.</param>
internal sealed record ComparisonInputs(
    IReadOnlyList<ReportFile> BaseFiles,
    IReadOnlyList<ReportFile> DiffFiles,
    InputSummary Base,
    InputSummary Diff,
    int? Rounds,
    RunManifest? Manifest)
{
    /// <summary>Reads the two sides given as report folders or files.</summary>
    public static ComparisonInputs FromSides(string basePath, string diffPath)
    {
        var (baseFiles, baseSummary) = Load(basePath, "--base");
        var (diffFiles, diffSummary) = Load(diffPath, "--diff");
        return new ComparisonInputs(baseFiles, diffFiles, baseSummary, diffSummary, null, null);
    }

    /// <summary>Reads an interleaved run's rounds folder: round-NN/base and round-NN/diff, paired by round.</summary>
    public static ComparisonInputs FromRounds(string roundsPath)
    {
        var rounds = RoundDiscovery.Find(roundsPath, "--interleaved");
        var manifest = RunManifestJson.TryRead(roundsPath);
        var baseFiles = rounds.SelectMany(r => r.BaseFiles.Select(f => ReportReader.Read(f) with { Round = r.Number })).ToList();
        var diffFiles = rounds.SelectMany(r => r.DiffFiles.Select(f => ReportReader.Read(f) with { Round = r.Number })).ToList();
        return new ComparisonInputs(
            baseFiles,
            diffFiles,
            Summary(Path.Combine(roundsPath, "round-*", "base"), baseFiles),
            Summary(Path.Combine(roundsPath, "round-*", "diff"), diffFiles),
            rounds.Count,
            manifest);
    }

    private static (List<ReportFile> Files, InputSummary Summary) Load(string path, string option)
    {
        var files = ReportDiscovery.Find(path, option).Select(f => ReportReader.Read(f)).ToList();
        return (files, Summary(path, files));
    }

    private static InputSummary Summary(string path, List<ReportFile> files) =>
        new(path, files.Count, files.Sum(f => f.Report.Benchmarks?.Count ?? 0));
}
