using System.Globalization;
using System.Text.RegularExpressions;

namespace ImageStorage.ResultsComparer.Reports;

/// <summary>One interleaved round: the reports both builds produced in it.</summary>
/// <param name="Number">The round's number, 1, 2, …</param>
/// <param name="BaseFiles">The base build's report files of this round.</param>
/// <param name="DiffFiles">The diff build's report files of this round.</param>
internal sealed record RoundFolders(int Number, IReadOnlyList<string> BaseFiles, IReadOnlyList<string> DiffFiles);

/// <summary>Finds the rounds of an interleaved run: <c>round-NN/base</c> and <c>round-NN/diff</c> folders, each holding full JSON reports.</summary>
internal static partial class RoundDiscovery
{
    /// <summary>The folder name of round <paramref name="number"/>, e.g. "round-03".</summary>
    public static string FolderName(int number) => string.Create(CultureInfo.InvariantCulture, $"round-{number:00}");

    /// <summary>Returns the rounds under <paramref name="path"/> in round order; every problem names the folder.</summary>
    public static IReadOnlyList<RoundFolders> Find(string path, string option)
    {
        if (!Directory.Exists(path))
        {
            throw new ReportInputException($"{option}: '{path}' is not a folder (expected the rounds folder of an interleaved run, holding round-01/base, round-01/diff, …).");
        }

        var rounds = new List<RoundFolders>();
        foreach (string folder in Directory.EnumerateDirectories(path).Order(StringComparer.Ordinal))
        {
            var match = RoundName().Match(Path.GetFileName(folder));
            if (!match.Success)
            {
                continue;
            }

            int number = int.Parse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture);
            rounds.Add(new RoundFolders(number, Side(folder, "base", option), Side(folder, "diff", option)));
        }

        if (rounds.Count == 0)
        {
            throw new ReportInputException($"{option}: no round-NN folders under '{path}' (expected round-01/base, round-01/diff, … as the interleave command writes them).");
        }

        var repeated = rounds.GroupBy(r => r.Number).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new ReportInputException($"{option}: round {repeated.Key} appears twice under '{path}' (folder names differing only in leading zeros).");
        }

        return [.. rounds.OrderBy(r => r.Number)];
    }

    private static List<string> Side(string roundFolder, string side, string option)
    {
        string folder = Path.Combine(roundFolder, side);
        if (!Directory.Exists(folder))
        {
            throw new ReportInputException($"{option}: '{folder}' is missing: every round needs a base and a diff folder.");
        }

        var files = Directory.EnumerateFiles(folder, ReportDiscovery.Pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        return files.Count > 0
            ? files
            : throw new ReportInputException($"{option}: no {ReportDiscovery.Pattern} files under '{folder}' (did that round's benchmark run fail? see its log).");
    }

    [GeneratedRegex("^round-([0-9]{1,6})$", RegexOptions.CultureInvariant)]
    private static partial Regex RoundName();
}
