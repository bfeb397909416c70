using System.Globalization;
using System.Text;
using ImageStorage.ResultsComparer.Comparison;
using ImageStorage.ResultsComparer.Matching;

namespace ImageStorage.ResultsComparer.Output;

/// <summary>Writes the comparison as markdown: inputs, a summary line, tables of regressions and improvements, and complete lists of everything else.</summary>
internal static class MarkdownReportWriter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Renders <paramref name="report"/>; <paramref name="top"/> limits the rows of each table, never the lists.</summary>
    public static string Write(ComparisonReport report, ComparisonSettings settings, int? top)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(settings);
        var md = new StringBuilder();
        WriteHeader(md, report, settings);
        WriteSummary(md, report);

        WriteTimeTable(md, "Slower", report.Slower.OrderByDescending(c => Sortable(c.Ratio, double.MinValue)), report.Slower.Count, top);
        WriteAllocationTable(md, "More allocated", report.AllocatingMore.OrderByDescending(Change), report.AllocatingMore.Count, top);
        WriteTimeTable(md, "Faster", report.Faster.OrderBy(c => Sortable(c.Ratio, double.MaxValue)), report.Faster.Count, top);
        WriteAllocationTable(md, "Less allocated", report.AllocatingLess.OrderBy(Change), report.AllocatingLess.Count, top);

        WriteList(md, "Failed", report.Failed.Select(c => $"{Code(c.FullName)} — {c.Note} ({Code(c.Failure == FailureSide.Base ? c.BaseFile : c.DiffFile)})"));
        WriteList(md, "Unknown", report.Unknown.Select(c => $"{Code(c.FullName)} — {c.Note}"));
        WriteList(md, "Added (only in diff)", report.Match.Added.Select(Located));
        WriteList(md, "Removed (only in base)", report.Match.Removed.Select(Located));
        WriteList(md, "Duplicate names (the first occurrence is compared)", report.Match.Duplicates.Select(Duplicate));
        return md.ToString();
    }

    private static void WriteHeader(StringBuilder md, ComparisonReport report, ComparisonSettings settings)
    {
        md.AppendLine("# Benchmark comparison").AppendLine();
        md.AppendLine("| Side | Path | Reports | Benchmarks |");
        md.AppendLine("|---|---|---:|---:|");
        md.AppendLine(Invariant, $"| base | {Code(report.Base.Path)} | {report.Base.ReportCount} | {report.Base.BenchmarkCount} |");
        md.AppendLine(Invariant, $"| diff | {Code(report.Diff.Path)} | {report.Diff.ReportCount} | {report.Diff.BenchmarkCount} |");
        md.AppendLine();
        string noise = settings.NoiseNanoseconds > 0 ? Units.Time(settings.NoiseNanoseconds) : "off";
        md.AppendLine(Invariant, $"Threshold {settings.Threshold}, noise floor {noise}, alpha {(double)settings.Alpha}, allocation threshold {Units.Bytes(settings.AllocationThreshold)}/op.");
        md.AppendLine();
        md.AppendLine("Time verdicts come from Perfolizer's Mann–Whitney equivalence test on the raw Workload/Actual times per operation; the medians shown are BenchmarkDotNet's.");
        md.AppendLine();
    }

    private static void WriteSummary(StringBuilder md, ComparisonReport report)
    {
        string geometricMean = report.Ratios.Count > 0
            ? string.Create(Invariant, $"{Units.Ratio(report.GeometricMeanRatio)} over {report.Ratios.Count} benchmarks")
            : "n/a (no benchmark with medians on both sides)";
        md.AppendLine(Invariant, $"**Summary:** {report.Slower.Count} slower, {report.Faster.Count} faster, {report.Same.Count} same, {report.Unknown.Count} unknown, {report.Failed.Count} failed; {report.Match.Added.Count} added, {report.Match.Removed.Count} removed; allocations: {report.AllocatingMore.Count} more, {report.AllocatingLess.Count} less, {report.AllocationsNotMeasured} not measured; geometric mean of diff/base medians: {geometricMean}.");
        md.AppendLine();

        var regressions = report.Regressions;
        if (regressions.Count == 0)
        {
            md.AppendLine("**Verdict:** no regressions.");
        }
        else
        {
            int newFailures = regressions.Count(c => c.Failure == FailureSide.Diff);
            md.AppendLine(Invariant, $"**Verdict:** {Plural(regressions.Count, "regression")} ({report.Slower.Count} slower, {report.AllocatingMore.Count} allocating more, {newFailures} failing only in diff).");
        }

        md.AppendLine();
    }

    private static void WriteTimeTable(StringBuilder md, string title, IEnumerable<BenchmarkComparison> rows, int count, int? top)
    {
        if (count == 0)
        {
            return;
        }

        md.AppendLine(Invariant, $"## {title} ({count})").AppendLine();
        md.AppendLine("| Benchmark | Base median | Diff median | Diff/base | Modality |");
        md.AppendLine("|---|---:|---:|---:|---|");
        foreach (var c in rows.Take(top ?? int.MaxValue))
        {
            md.AppendLine(Invariant, $"| {Code(c.FullName)} | {Units.Time(c.BaseMedian)} | {Units.Time(c.DiffMedian)} | {Units.Ratio(c.Ratio)} | {c.Modality ?? "-"} |");
        }

        WriteCut(md, count, top);
    }

    private static void WriteAllocationTable(StringBuilder md, string title, IEnumerable<BenchmarkComparison> rows, int count, int? top)
    {
        if (count == 0)
        {
            return;
        }

        md.AppendLine(Invariant, $"## {title} ({count})").AppendLine();
        md.AppendLine("| Benchmark | Base allocated/op | Diff allocated/op | Change |");
        md.AppendLine("|---|---:|---:|---:|");
        foreach (var c in rows.Take(top ?? int.MaxValue))
        {
            md.AppendLine(Invariant, $"| {Code(c.FullName)} | {Units.Bytes(c.BaseAllocated)} | {Units.Bytes(c.DiffAllocated)} | {Units.BytesChange(Change(c))} |");
        }

        WriteCut(md, count, top);
    }

    private static void WriteCut(StringBuilder md, int count, int? top)
    {
        if (top is { } limit && count > limit)
        {
            md.AppendLine().AppendLine(Invariant, $"_…and {count - limit} more, cut by --top {limit}._");
        }

        md.AppendLine();
    }

    private static void WriteList(StringBuilder md, string title, IEnumerable<string> items)
    {
        var lines = items.ToList();
        if (lines.Count == 0)
        {
            return;
        }

        md.AppendLine(Invariant, $"## {title} ({lines.Count})").AppendLine();
        foreach (string line in lines)
        {
            md.AppendLine(Invariant, $"- {line}");
        }

        md.AppendLine();
    }

    private static string Located(LocatedBenchmark benchmark) =>
        $"{Code(benchmark.FullName)}{(benchmark.Benchmark.Statistics is null ? " — failed" : string.Empty)} ({Code(benchmark.FilePath)})";

    private static string Duplicate(DuplicateName duplicate) =>
        string.Create(Invariant, $"{Code(duplicate.FullName)} — {duplicate.Files.Count} times in {(duplicate.Side == Side.Base ? "base" : "diff")}: {string.Join(", ", duplicate.Files.Select(Code))}");

    private static string Plural(int count, string noun) =>
        string.Create(Invariant, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");

    private static long Change(BenchmarkComparison c) => (c.DiffAllocated ?? 0) - (c.BaseAllocated ?? 0);

    private static double Sortable(double value, double whenMissing) => double.IsFinite(value) ? value : whenMissing;

    // Code spans keep names' underscores and asterisks literal; pipes are escaped so tables keep their columns.
    private static string Code(string text) => $"`{text.Replace("|", "\\|", StringComparison.Ordinal)}`";
}
