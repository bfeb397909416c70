using System.Globalization;
using System.Net;
using System.Text;
using ImageStorage.ResultsComparer.Comparison;

namespace ImageStorage.ResultsComparer.Output;

/// <summary>
/// Writes the comparison as one self-contained HTML page for a pull request: the summary, then for every flagged
/// benchmark its per-launch values of base and diff side by side (strip charts, embedded) and the per-round table,
/// then every benchmark with the smallest change it could detect, then the lists the markdown has.
/// </summary>
internal static class HtmlReportWriter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private const string Style = """
        body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 24px; color: #222; max-width: 1200px; }
        table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
        th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
        th:first-child, td:first-child { text-align: left; }
        code { font-size: 12px; }
        h3 code { font-size: 14px; }
        .slower, .more { color: #b00020; font-weight: bold; }
        .faster, .less { color: #1b7f3b; font-weight: bold; }
        .unknown { color: #8a6d00; }
        section { border-top: 1px solid #ddd; padding-top: 8px; margin-top: 16px; }
        .charts { display: flex; flex-wrap: wrap; gap: 12px; }
        .charts img { border: 1px solid #eee; }
        """;

    /// <summary>Renders <paramref name="report"/> as an HTML page.</summary>
    public static string Write(ComparisonReport report, ComparisonSettings settings)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(settings);
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>").AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Benchmark comparison</title>");
        html.AppendLine(Invariant, $"<style>{Style}</style></head><body>");
        html.AppendLine("<h1>Benchmark comparison</h1>");
        html.AppendLine("<table><tr><th>Side</th><th>Path</th><th>Reports</th><th>Benchmarks</th></tr>");
        html.AppendLine(Invariant, $"<tr><td>base</td><td><code>{E(report.Base.Path)}</code></td><td>{report.Base.ReportCount}</td><td>{report.Base.BenchmarkCount}</td></tr>");
        html.AppendLine(Invariant, $"<tr><td>diff</td><td><code>{E(report.Diff.Path)}</code></td><td>{report.Diff.ReportCount}</td><td>{report.Diff.BenchmarkCount}</td></tr></table>");
        if (report.Manifest is { } manifest)
        {
            html.AppendLine(Invariant, $"<p>Interleaved run: base <code>{E(manifest.Base?.Revision)}</code> ({E(manifest.Base?.Commit)}), diff <code>{E(manifest.Diff?.Revision)}</code> ({E(manifest.Diff?.Commit)}); suite arguments <code>{E(string.Join(' ', manifest.SuiteArguments ?? []))}</code>; {Units.Duration(manifest.TotalSeconds)} in all.</p>");
        }

        html.AppendLine(Invariant, $"<p>{Markdown(MarkdownReportWriter.Settings(settings))}</p>");
        html.AppendLine(Invariant, $"<p>{Markdown(MarkdownReportWriter.Method(report, settings))}</p>");
        html.AppendLine(Invariant, $"<p>{Markdown(MarkdownReportWriter.Summary(report))}</p>");
        html.AppendLine(Invariant, $"<p>{Markdown(MarkdownReportWriter.Verdict(report))}</p>");

        var flagged = report.Flagged.Concat(report.Compared.Where(c => c.Failure == FailureSide.Diff)).Distinct().ToList();
        html.AppendLine(Invariant, $"<h2>Flagged ({flagged.Count})</h2>");
        if (flagged.Count == 0)
        {
            html.AppendLine("<p>No benchmark changed beyond its threshold.</p>");
        }

        foreach (var c in flagged)
        {
            WriteFlagged(html, c);
        }

        WriteEveryBenchmark(html, report);
        WriteList(html, "Unknown", report.Unknown.Select(c => $"<code>{E(c.FullName)}</code> — {E(c.Note)}"));
        WriteList(html, "Failed", report.Failed.Select(c => $"<code>{E(c.FullName)}</code> — {E(c.Note)}"));
        WriteList(html, "Added (only in diff)", report.Match.Added.Select(b => $"<code>{E(b.FullName)}</code> (<code>{E(b.FilePath)}</code>)"));
        WriteList(html, "Removed (only in base)", report.Match.Removed.Select(b => $"<code>{E(b.FullName)}</code> (<code>{E(b.FilePath)}</code>)"));
        html.AppendLine("</body></html>");
        return html.ToString();
    }

    private static void WriteFlagged(StringBuilder html, BenchmarkComparison c)
    {
        var details = c.Launches;
        html.AppendLine(Invariant, $"<section><h3><code>{E(c.FullName)}</code></h3>");
        string time = string.Create(Invariant, $"time: <span class=\"{MarkdownReportWriter.Name(c.Time)}\">{MarkdownReportWriter.Name(c.Time)}</span>, diff/base {Units.Ratio(c.Ratio)}");
        if (details is not null)
        {
            time += string.Create(Invariant, $" (interval {Units.RatioInterval(details.Time)}; threshold {Units.Percent(details.Threshold)}, from {E(details.ThresholdSource)}; detects ≥ {Units.Percent(details.Detectable)})");
        }

        string allocation = string.Create(Invariant, $"allocation: <span class=\"{MarkdownReportWriter.Name(c.Allocation)}\">{MarkdownReportWriter.Name(c.Allocation)}</span>, {Units.Bytes(c.BaseAllocated)} → {Units.Bytes(c.DiffAllocated)} per op");
        if (details is not null)
        {
            allocation += string.Create(Invariant, $" (change {Units.BytesInterval(details.AllocationShift)}; tolerance ±{Units.Bytes((long)Math.Round(details.AllocationTolerance))})");
        }

        html.AppendLine(Invariant, $"<p>{time}<br>{allocation}</p>");
        if (c.Note is not null)
        {
            html.AppendLine(Invariant, $"<p>{E(c.Note)}</p>");
        }

        html.AppendLine("<div class=\"charts\">");
        if (StripChart.Times(c) is { } times)
        {
            html.AppendLine(Invariant, $"<img alt=\"per-launch times of base and diff\" width=\"{StripChart.Width}\" height=\"{StripChart.Height}\" src=\"data:image/png;base64,{Convert.ToBase64String(times)}\">");
        }

        if (c.Allocation is AllocationVerdict.Increased or AllocationVerdict.Decreased && StripChart.Allocations(c) is { } allocations)
        {
            html.AppendLine(Invariant, $"<img alt=\"per-launch allocations of base and diff\" width=\"{StripChart.Width}\" height=\"{StripChart.Height}\" src=\"data:image/png;base64,{Convert.ToBase64String(allocations)}\">");
        }

        html.AppendLine("</div>");
        if (details is { Paired: true })
        {
            html.AppendLine("<table><tr><th>Round</th><th>Base</th><th>Diff</th><th>Diff/base</th><th>Base allocated/op</th><th>Diff allocated/op</th></tr>");
            foreach (var r in details.Rounds)
            {
                html.AppendLine(Invariant, $"<tr><td>{r.Round}</td><td>{Units.Time(r.BaseNanoseconds)}</td><td>{Units.Time(r.DiffNanoseconds)}</td><td>{Units.Ratio(r.Ratio)}</td><td>{Units.Bytes(r.BaseAllocated)}</td><td>{Units.Bytes(r.DiffAllocated)}</td></tr>");
            }

            html.AppendLine("</table>");
        }
        else if (details is not null)
        {
            html.AppendLine(Invariant, $"<p>Base launches: {string.Join(", ", details.Base.Select(l => Units.Time(l.MedianNanoseconds)))}<br>Diff launches: {string.Join(", ", details.Diff.Select(l => Units.Time(l.MedianNanoseconds)))}</p>");
        }

        html.AppendLine("</section>");
    }

    private static void WriteEveryBenchmark(StringBuilder html, ComparisonReport report)
    {
        html.AppendLine(Invariant, $"<h2>Every benchmark ({report.Compared.Count})</h2>");
        html.AppendLine("<table><tr><th>Benchmark</th><th>Time</th><th>Base</th><th>Diff</th><th>Diff/base</th><th>Interval</th><th>Threshold</th><th>Detects</th><th>Allocation</th><th>Launches</th></tr>");
        foreach (var c in report.Compared)
        {
            var details = c.Launches;
            html.AppendLine(Invariant, $"<tr><td><code>{E(c.FullName)}</code></td><td class=\"{MarkdownReportWriter.Name(c.Time)}\">{MarkdownReportWriter.Name(c.Time)}</td><td>{Units.Time(c.BaseMedian)}</td><td>{Units.Time(c.DiffMedian)}</td><td>{Units.Ratio(c.Ratio)}</td><td>{Units.RatioInterval(details?.Time)}</td><td>{Units.Percent(details?.Threshold)}</td><td>{(details?.Detectable is { } d ? "≥ " + Units.Percent(d) : "-")}</td><td class=\"{MarkdownReportWriter.Name(c.Allocation)}\">{MarkdownReportWriter.Name(c.Allocation)}</td><td>{c.BaseSampleSize}/{c.DiffSampleSize}</td></tr>");
        }

        html.AppendLine("</table>");
    }

    private static void WriteList(StringBuilder html, string title, IEnumerable<string> items)
    {
        var lines = items.ToList();
        if (lines.Count == 0)
        {
            return;
        }

        html.AppendLine(Invariant, $"<h2>{E(title)} ({lines.Count})</h2><ul>");
        foreach (string line in lines)
        {
            html.AppendLine(Invariant, $"<li>{line}</li>");
        }

        html.AppendLine("</ul>");
    }

    // The shared lines are markdown: bold and code spans become HTML, everything else is escaped.
    private static string Markdown(string text)
    {
        string escaped = E(text);
        var result = new StringBuilder();
        bool bold = false, code = false;
        for (int i = 0; i < escaped.Length; i++)
        {
            if (!code && i + 1 < escaped.Length && escaped[i] == '*' && escaped[i + 1] == '*')
            {
                result.Append(bold ? "</b>" : "<b>");
                bold = !bold;
                i++;
            }
            else if (escaped[i] == '`')
            {
                result.Append(code ? "</code>" : "<code>");
                code = !code;
            }
            else
            {
                result.Append(escaped[i]);
            }
        }

        return result.ToString();
    }

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
