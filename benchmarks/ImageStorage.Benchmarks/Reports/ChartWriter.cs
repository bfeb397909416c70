namespace ImageStorage.Benchmarks.Reports;

/// <summary>Temporary stub.</summary>
public static class ChartWriter
{
    /// <summary>Stub.</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<ResultRow> rows, string chartsDirectory) => [];
}
