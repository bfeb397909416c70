namespace ImageStorage.ResultsComparer.Interleave;

/// <summary>What the interleave command was asked to run.</summary>
/// <param name="BaseRevision">The baseline's git revision.</param>
/// <param name="DiffRevision">The revision under test, or null for the working tree (HEAD plus uncommitted changes to tracked files).</param>
/// <param name="Filters">The suite's --filter globs.</param>
/// <param name="Counts">The suite's --counts, if given.</param>
/// <param name="Dataset">The suite's --dataset, if given.</param>
/// <param name="Rounds">How many rounds: each runs every selected benchmark once on each build.</param>
/// <param name="OutputFolder">Where the rounds, logs and reports go.</param>
/// <param name="RepositoryFolder">A folder inside the git repository to take the revisions from.</param>
internal sealed record InterleaveRequest(
    string BaseRevision,
    string? DiffRevision,
    IReadOnlyList<string> Filters,
    string? Counts,
    string? Dataset,
    int Rounds,
    string OutputFolder,
    string RepositoryFolder)
{
    /// <summary>The folder of the round-NN reports, the input of the comparison.</summary>
    public string RoundsFolder => Path.Combine(Path.GetFullPath(OutputFolder), "rounds");

    /// <summary>The folder of the build and round logs.</summary>
    public string LogFolder => Path.Combine(Path.GetFullPath(OutputFolder), "logs");

    /// <summary>The suite's arguments in every round: one launch per benchmark case, the selection, the data.</summary>
    public IReadOnlyList<string> SuiteArguments =>
    [
        "--launches", "1",
        "--filter", .. Filters,
        .. Counts is null ? Array.Empty<string>() : ["--counts", Counts],
        .. Dataset is null ? Array.Empty<string>() : ["--dataset", Dataset],
    ];
}
