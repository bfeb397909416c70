namespace ImageStorage.ResultsComparer.Interleave;

// run.json, next to the round-NN folders: what the interleave command ran, so a report can say which commits it compares.

/// <summary>The record of one interleaved run: the two builds, the suite's arguments and every round's timing.</summary>
internal sealed class RunManifest
{
    /// <summary>The file name, in the rounds folder.</summary>
    public const string FileName = "run.json";

    /// <summary>The format's name, so that another JSON file is recognised as not being one.</summary>
    public const string FormatName = "imagestorage-interleaved-run";

    /// <summary>Always <see cref="FormatName"/>.</summary>
    public string? Format { get; init; }

    /// <summary>The base build.</summary>
    public BuildSide? Base { get; init; }

    /// <summary>The diff build.</summary>
    public BuildSide? Diff { get; init; }

    /// <summary>The benchmark suite's arguments of every round (the same for both builds).</summary>
    public IReadOnlyList<string>? SuiteArguments { get; init; }

    /// <summary>When the run started (UTC, ISO 8601).</summary>
    public string? Started { get; init; }

    /// <summary>The wall-clock seconds of the whole run: worktrees, builds, rounds.</summary>
    public double TotalSeconds { get; init; }

    /// <summary>Every round, in the order run.</summary>
    public IReadOnlyList<RoundRecord>? Rounds { get; init; }
}

/// <summary>One side's build: what was asked for and what was built.</summary>
internal sealed class BuildSide
{
    /// <summary>The revision as given, e.g. "main"; "working tree" for uncommitted changes.</summary>
    public string? Revision { get; init; }

    /// <summary>The commit built (for the working tree: a commit object holding its tracked changes, made by git stash create).</summary>
    public string? Commit { get; init; }

    /// <summary>The seconds its Release build took.</summary>
    public double BuildSeconds { get; init; }
}

/// <summary>One round: which build ran first and how long each side's run took.</summary>
internal sealed class RoundRecord
{
    /// <summary>The round's number, 1, 2, …</summary>
    public int Number { get; init; }

    /// <summary>"base" or "diff": the side that ran first in this round.</summary>
    public string? First { get; init; }

    /// <summary>The wall-clock seconds of the base side's benchmark run in this round.</summary>
    public double BaseSeconds { get; init; }

    /// <summary>The wall-clock seconds of the diff side's benchmark run in this round.</summary>
    public double DiffSeconds { get; init; }
}
