namespace ImageStorage.ResultsComparer.Reports;

/// <summary>A report together with the file it was read from.</summary>
/// <param name="Path">The report file's path.</param>
/// <param name="Report">The report's contents.</param>
internal sealed record ReportFile(string Path, BdnReport Report);
