namespace ImageStorage.ResultsComparer.Matching;

/// <summary>Which input a benchmark comes from.</summary>
internal enum Side
{
    /// <summary>The baseline, <c>--base</c>.</summary>
    Base,

    /// <summary>The results under test, <c>--diff</c>.</summary>
    Diff,
}
