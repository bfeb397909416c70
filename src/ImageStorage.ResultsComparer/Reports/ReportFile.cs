namespace ImageStorage.ResultsComparer.Reports;

/// <summary>A report together with the file it was read from and, for interleaved runs, the round it belongs to.</summary>
/// <param name="Path">The report file's path.</param>
/// <param name="Report">The report's contents.</param>
/// <param name="Round">The interleaved round (1, 2, …) the report was measured in, or null for reports given as --base/--diff.</param>
internal sealed record ReportFile(string Path, BdnReport Report, int? Round = null);
