namespace ImageStorage.Benchmarks.Reports;

/// <summary>Temporary stub.</summary>
public static class IndexPage
{
    /// <summary>Stub.</summary>
    public static string Write(string artifactsDirectory, IReadOnlyList<ResultRow> rows, IReadOnlyList<string> chartFiles, IReadOnlyList<string> reportFiles, string runDescription) => string.Empty;
}
