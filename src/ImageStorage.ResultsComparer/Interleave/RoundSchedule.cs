namespace ImageStorage.ResultsComparer.Interleave;

/// <summary>One side of an interleaved comparison.</summary>
internal enum BuildKind
{
    /// <summary>The baseline revision.</summary>
    Base,

    /// <summary>The revision under test.</summary>
    Diff,
}

/// <summary>
/// The order of the sides in each round: base/diff, diff/base, base/diff, … (ABBA), so that a steady drift of the
/// machine over the run, or an advantage of running first or second, falls on both sides equally.
/// </summary>
internal static class RoundSchedule
{
    /// <summary>The two sides of round <paramref name="round"/> (1, 2, …) in the order they run.</summary>
    public static IReadOnlyList<BuildKind> Order(int round)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(round, 1);
        return round % 2 == 1 ? [BuildKind.Base, BuildKind.Diff] : [BuildKind.Diff, BuildKind.Base];
    }

    /// <summary>The folder and log name of a side: "base" or "diff".</summary>
    public static string Name(BuildKind kind) => kind == BuildKind.Base ? "base" : "diff";
}
