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

        bool launches = settings.Unit == EvidenceUnit.Launch;
        WriteTimeTable(md, "Slower", report.Slower.OrderByDescending(c => Sortable(c.Ratio, double.MinValue)), report.Slower.Count, top, launches);
        WriteAllocationTable(md, "More allocated", report.AllocatingMore.OrderByDescending(Change), report.AllocatingMore.Count, top, launches);
        WriteTimeTable(md, "Faster", report.Faster.OrderBy(c => Sortable(c.Ratio, double.MaxValue)), report.Faster.Count, top, launches);
        WriteAllocationTable(md, "Less allocated", report.AllocatingLess.OrderBy(Change), report.AllocatingLess.Count, top, launches);

        WriteList(md, "Failed", report.Failed.Select(c => $"{Code(c.FullName)} — {c.Note} ({Code(c.Failure == FailureSide.Base ? c.BaseFile : c.DiffFile)})"));
        WriteList(md, "Unknown", report.Unknown.Select(c => $"{Code(c.FullName)} — {c.Note}"));
        if (launches)
        {
            WriteList(md, "Allocation unknown", report.Compared.Where(c => c.Allocation == AllocationVerdict.Unknown && c.Time is not (TimeVerdict.Unknown or TimeVerdict.Failed)).Select(c => $"{Code(c.FullName)} — {c.Note}"));
        }

        WriteList(md, "Added (only in diff)", report.Match.Added.Select(Located));
        WriteList(md, "Removed (only in base)", report.Match.Removed.Select(Located));
        WriteList(md, "Duplicate names (the first occurrence is compared)", report.Match.Duplicates.Select(Duplicate));
        if (launches)
        {
            WriteEveryBenchmark(md, report);
        }

        return md.ToString();
    }

    /// <summary>The one-line description of the evidence and the test, shared with the HTML page.</summary>
    public static string Method(ComparisonReport report, ComparisonSettings settings)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Unit == EvidenceUnit.Iteration)
        {
            return "Time verdicts come from Perfolizer's Mann–Whitney equivalence test on the Workload/Result times per operation of each side's first launch (iterations of one launch are not independent samples); the medians shown are BenchmarkDotNet's.";
        }

        double alpha = settings.Alpha;
        string pairing = report.Rounds is { } rounds
            ? string.Create(Invariant, $"{rounds} interleaved rounds, paired: the test runs on each round's ln(diff/base) (Wilcoxon signed-rank)")
            : "launches of the two sides as independent samples (Mann–Whitney); interleaved rounds (--interleaved) pair them";
        return string.Create(Invariant, $"One value per process launch: the median of its Workload/Result iterations; {pairing}. A verdict needs the Hodges–Lehmann interval of diff/base ({1 - 2 * alpha:0.##%}, each bound {1 - alpha:0.##%}) to lie wholly beyond the threshold (slower, faster) or wholly inside it (same); otherwise it is unknown. \"Detects\" is the smallest slowdown these launches could have flagged.");
    }

    private static void WriteHeader(StringBuilder md, ComparisonReport report, ComparisonSettings settings)
    {
        md.AppendLine("# Benchmark comparison").AppendLine();
        md.AppendLine("| Side | Path | Reports | Benchmarks |");
        md.AppendLine("|---|---|---:|---:|");
        md.AppendLine(Invariant, $"| base | {Code(report.Base.Path)} | {report.Base.ReportCount} | {report.Base.BenchmarkCount} |");
        md.AppendLine(Invariant, $"| diff | {Code(report.Diff.Path)} | {report.Diff.ReportCount} | {report.Diff.BenchmarkCount} |");
        md.AppendLine();
        if (report.Manifest is { } manifest)
        {
            md.AppendLine(Invariant, $"Interleaved run: base {Build(manifest.Base)}, diff {Build(manifest.Diff)}; suite arguments {Code(string.Join(' ', manifest.SuiteArguments ?? []))}; {Units.Duration(manifest.TotalSeconds)} in all.");
            md.AppendLine();
        }

        md.AppendLine(Settings(settings)).AppendLine();
        md.AppendLine(Method(report, settings)).AppendLine();
    }

    /// <summary>The settings line, shared with the HTML page.</summary>
    public static string Settings(ComparisonSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string noise = settings.NoiseNanoseconds > 0 ? Units.Time(settings.NoiseNanoseconds) : "off";
        string line = string.Create(Invariant, $"Threshold {settings.Threshold}, noise floor {noise}, alpha {(double)settings.Alpha}, allocation threshold {Units.Bytes(settings.AllocationThreshold)}/op.");
        if (settings.Unit == EvidenceUnit.Launch)
        {
            line += settings.Noise is { } table
                ? string.Create(Invariant, $" Noise file {Code(table.Path)} ({table.Count} benchmarks): each benchmark's threshold is at least {settings.NoiseMultiplier:0.##} × its calibrated launch-to-launch noise, its allocation tolerance {settings.NoiseMultiplier:0.##} × its allocation noise; neither is below the spread of this run's own rounds.")
                : " No noise file: every benchmark is held to the threshold, or to the spread of this run's own rounds when that is larger.";
        }

        return line;
    }

    private static void WriteSummary(StringBuilder md, ComparisonReport report)
    {
        md.AppendLine(Summary(report)).AppendLine();
        md.AppendLine(Verdict(report)).AppendLine();
    }

    /// <summary>The summary line, shared with the HTML page.</summary>
    public static string Summary(ComparisonReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        string geometricMean = report.Ratios.Count > 0
            ? string.Create(Invariant, $"{Units.Ratio(report.GeometricMeanRatio)} over {report.Ratios.Count} benchmarks")
            : "n/a (no benchmark with medians on both sides)";
        return string.Create(Invariant, $"**Summary:** {report.Slower.Count} slower, {report.Faster.Count} faster, {report.Same.Count} same, {report.Unknown.Count} unknown, {report.Failed.Count} failed; {report.Match.Added.Count} added, {report.Match.Removed.Count} removed; allocations: {report.AllocatingMore.Count} more, {report.AllocatingLess.Count} less, {report.AllocationsUnknown} unknown, {report.AllocationsNotMeasured} not measured; geometric mean of diff/base: {geometricMean}.");
    }

    /// <summary>The verdict line, shared with the HTML page.</summary>
    public static string Verdict(ComparisonReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var regressions = report.Regressions;
        if (regressions.Count == 0)
        {
            return "**Verdict:** no regressions.";
        }

        int newFailures = regressions.Count(c => c.Failure == FailureSide.Diff);
        return string.Create(Invariant, $"**Verdict:** {Plural(regressions.Count, "regression")} ({report.Slower.Count} slower, {report.AllocatingMore.Count} allocating more, {newFailures} failing only in diff).");
    }

    private static void WriteTimeTable(StringBuilder md, string title, IEnumerable<BenchmarkComparison> rows, int count, int? top, bool launches)
    {
        if (count == 0)
        {
            return;
        }

        md.AppendLine(Invariant, $"## {title} ({count})").AppendLine();
        if (launches)
        {
            md.AppendLine("| Benchmark | Base median | Diff median | Diff/base | Interval | Threshold | Launches base/diff |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        }
        else
        {
            md.AppendLine("| Benchmark | Base median | Diff median | Diff/base | Modality |");
            md.AppendLine("|---|---:|---:|---:|---|");
        }

        foreach (var c in rows.Take(top ?? int.MaxValue))
        {
            if (launches)
            {
                md.AppendLine(Invariant, $"| {Code(c.FullName)} | {Units.Time(c.BaseMedian)} | {Units.Time(c.DiffMedian)} | {Units.Ratio(c.Ratio)} | {Units.RatioInterval(c.Launches?.Time)} | {Units.Percent(c.Launches?.Threshold)} | {c.BaseSampleSize}/{c.DiffSampleSize} |");
            }
            else
            {
                md.AppendLine(Invariant, $"| {Code(c.FullName)} | {Units.Time(c.BaseMedian)} | {Units.Time(c.DiffMedian)} | {Units.Ratio(c.Ratio)} | {c.Modality ?? "-"} |");
            }
        }

        WriteCut(md, count, top);
    }

    private static void WriteAllocationTable(StringBuilder md, string title, IEnumerable<BenchmarkComparison> rows, int count, int? top, bool launches)
    {
        if (count == 0)
        {
            return;
        }

        md.AppendLine(Invariant, $"## {title} ({count})").AppendLine();
        if (launches)
        {
            md.AppendLine("| Benchmark | Base allocated/op | Diff allocated/op | Change | Interval | Tolerance |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|");
        }
        else
        {
            md.AppendLine("| Benchmark | Base allocated/op | Diff allocated/op | Change |");
            md.AppendLine("|---|---:|---:|---:|");
        }

        foreach (var c in rows.Take(top ?? int.MaxValue))
        {
            if (launches)
            {
                md.AppendLine(Invariant, $"| {Code(c.FullName)} | {Units.Bytes(c.BaseAllocated)} | {Units.Bytes(c.DiffAllocated)} | {Units.BytesChange(Change(c))} | {Units.BytesInterval(c.Launches?.AllocationShift)} | ±{Units.Bytes((long)Math.Round(c.Launches?.AllocationTolerance ?? 0))} |");
            }
            else
            {
                md.AppendLine(Invariant, $"| {Code(c.FullName)} | {Units.Bytes(c.BaseAllocated)} | {Units.Bytes(c.DiffAllocated)} | {Units.BytesChange(Change(c))} |");
            }
        }

        WriteCut(md, count, top);
    }

    private static void WriteEveryBenchmark(StringBuilder md, ComparisonReport report)
    {
        if (report.Compared.Count == 0)
        {
            return;
        }

        md.AppendLine(Invariant, $"## Every benchmark ({report.Compared.Count})").AppendLine();
        md.AppendLine("| Benchmark | Time | Base median | Diff median | Diff/base | Interval | Threshold (from) | Detects | Allocation | Launches base/diff |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---|---:|");
        foreach (var c in report.Compared)
        {
            var details = c.Launches;
            string detects = details?.Detectable is { } d ? "≥ " + Units.Percent(d) : "-";
            md.AppendLine(Invariant, $"| {Code(c.FullName)} | {Name(c.Time)} | {Units.Time(c.BaseMedian)} | {Units.Time(c.DiffMedian)} | {Units.Ratio(c.Ratio)} | {Units.RatioInterval(details?.Time)} | {Units.Percent(details?.Threshold)} ({details?.ThresholdSource ?? "-"}) | {detects} | {Name(c.Allocation)} | {c.BaseSampleSize}/{c.DiffSampleSize} |");
        }

        md.AppendLine();
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

    /// <summary>The lower-case name of a time verdict, as the tables show it.</summary>
    public static string Name(TimeVerdict verdict) => verdict.ToString().ToLowerInvariant();

    /// <summary>The short name of an allocation verdict, as the tables show it.</summary>
    public static string Name(AllocationVerdict verdict) => verdict switch
    {
        AllocationVerdict.Increased => "more",
        AllocationVerdict.Decreased => "less",
        AllocationVerdict.NotMeasured => "not measured",
        _ => verdict.ToString().ToLowerInvariant(),
    };

    private static string Build(Interleave.BuildSide? side) =>
        side is null ? "?" : $"{side.Revision} ({(side.Commit is { Length: >= 10 } commit ? commit[..10] : side.Commit)})";

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
