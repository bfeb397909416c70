using System.Globalization;
using System.Text;
using ImageStorage.Benchmarks.Macro;
using ImageStorage.Benchmarks.Micro;
using ImageStorage.Benchmarks.Reports.Charts;

namespace ImageStorage.Benchmarks.Reports.Pages;

/// <summary>
/// A run folder's <c>index.html</c>, the page a reviewer opens first: where and how the run ran, a smoke or failure
/// banner, what it measured (one sentence per question), the key results of the article's four experiments, every
/// chart (anchored, each linked to its table), every result, and the run's report files.
/// </summary>
public static class RunPage
{
    /// <summary>The page's file name in its run folder.</summary>
    public const string FileName = "index.html";

    // The article's four experiments, in the page's order, with the headings of their key-results tables.
    private static readonly (string Experiment, string Heading)[] Article =
    [
        (nameof(ReadMany), "Read many"),
        (nameof(StoreMany), "Store many"),
        (nameof(StoreSingle), "Store one image"),
        (nameof(ReadSingle), "Read one image"),
    ];

    private static readonly Column RatioColumn = new("vs Raw", r => r.RatioToRaw is double x ? Units.Ratio(x) : "–");
    private static readonly Column DiskColumn = new("Disk", r => r.DiskBytes is long x ? Units.Bytes(x) : "–");
    private static readonly Column DiskRatioColumn = new("Disk vs Raw", r => r.DiskRatioToRaw is double x ? Units.Ratio(x) : "–");
    private static readonly Column AllocatedColumn = new("Allocated", r => r.AllocatedBytes is long x ? Units.Bytes(x) : "–");

    /// <summary>Draws the charts of <paramref name="run"/> into <paramref name="folder"/>/charts and writes the page; returns its path.</summary>
    public static string Write(string folder, RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        string chartsFolder = Path.Combine(folder, "charts");
        if (Directory.Exists(chartsFolder))
        {
            // Only this run's charts: a folder reused with --artifacts keeps none from an earlier run.
            Array.ForEach(Directory.GetFiles(chartsFolder, "*.png"), File.Delete);
        }

        var charts = ChartPlan.Write(run.Results, chartsFolder);
        var html = Html.Begin($"ImageStorage benchmarks: run {run.Id}");
        AppendEnvironment(html, run);
        html.Append("<nav><a href=\"#summary\">Summary</a><a href=\"#key-results\">Key results</a><a href=\"#charts\">Charts</a>")
            .Append("<a href=\"#results\">All results</a><a href=\"#reports\">Reports</a><a href=\"../../index.html\">All runs</a></nav>\n");
        AppendFindings(html, run, charts);
        AppendKeyResults(html, run);
        AppendCharts(html, folder, charts);
        AppendResults(html, run, charts);
        AppendReports(html, folder, run);
        string path = Path.Combine(folder, FileName);
        Html.Finish(html, path);
        return path;
    }

    /// <summary>The environment line of <paramref name="run"/>: when, which commit, which machine, which job, what data.</summary>
    public static IEnumerable<string> Environment(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        string when = run.Started.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        string took = run.Duration is TimeSpan d ? $", took {Units.Duration(d)}" : ", did not finish";
        string commit = run.Commit is null ? "no git commit" : $"commit {run.Commit[..Math.Min(7, run.Commit.Length)]}{(run.Branch is null ? string.Empty : " on " + run.Branch)}{(run.Dirty == true ? " with uncommitted changes" : string.Empty)}";
        var m = run.Machine;
        yield return $"{when}{took} · {commit}";
        yield return $"{m.Processor}, {Units.Bytes(m.MemoryBytes)} memory · {m.OperatingSystem} · {m.Runtime} · BenchmarkDotNet {m.BenchmarkDotNet}";
        yield return $"job {run.Job.Id}: {string.Join(", ", run.Job.Settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}"))}";
        yield return $"{run.Dataset} · counts {string.Join(", ", run.Counts.Select(c => Units.Count(c)))} · selection {string.Join(" ", run.Selection)} · {run.Cases} cases{(run.Failed is int f ? $", {f} failed" : string.Empty)}";
    }

    private static void AppendEnvironment(StringBuilder html, RunRecord run)
    {
        foreach (string line in Environment(run))
        {
            html.Append("<p class=\"env\">").Append(Html.Encode(line)).Append("</p>\n");
        }

        if (run.Smoke)
        {
            html.Append("<div class=\"banner smoke\"><strong>Smoke run.</strong> Every benchmark ran once, with tiny counts, to prove that it runs and ")
                .Append("that it reads back what it stored. The times are single cold samples, not measurements: compare nothing here.</div>\n");
        }

        if (run.Failed is > 0 || run.Finished is null)
        {
            string what = run.Finished is null ? "This run did not finish: the results below are those it wrote before it stopped." : $"{run.Failed} of {run.Cases} cases failed (see the run's console log); their rows are missing below.";
            html.Append("<div class=\"banner failed\"><strong>Incomplete.</strong> ").Append(Html.Encode(what)).Append("</div>\n");
        }
    }

    private static void AppendFindings(StringBuilder html, RunRecord run, IReadOnlyList<Chart> charts)
    {
        html.Append("<h2 id=\"summary\">What this run measured</h2>\n");
        var findings = Findings.Of(run.Results);
        if (findings.Count == 0)
        {
            html.Append("<p class=\"muted\">No results.</p>\n");
            return;
        }

        html.Append("<ul class=\"findings\">\n");
        foreach (var finding in findings)
        {
            html.Append("<li>").Append(Html.Encode(finding.Text));
            if (charts.FirstOrDefault(c => c.Experiments.Contains(finding.Experiment)) is { } chart)
            {
                html.Append(" <a href=\"#").Append(Html.Anchor("chart", chart.Name)).Append("\">chart</a>");
            }

            html.Append(" <a href=\"#").Append(Html.Anchor("results", finding.Experiment)).Append("\">table</a></li>\n");
        }

        html.Append("</ul>\n");
    }

    private static void AppendKeyResults(StringBuilder html, RunRecord run)
    {
        html.Append("<h2 id=\"key-results\">Key results</h2>\n<p class=\"muted\">The article's four experiments at the run's largest count; ")
            .Append("times are means per operation, with the fastest and slowest iteration; ratios are to the Raw row (the speed of light).</p>\n");
        foreach (var (experiment, heading) in Article)
        {
            var rows = run.Results.Where(r => r.Experiment == experiment).ToList();
            if (rows.Count == 0)
            {
                continue;
            }

            int largest = rows.Max(r => r.Count);
            rows = [.. rows.Where(r => r.Count == largest).OrderBy(r => CaseText.MethodRank(r.Method))];
            bool operations = rows.Select(r => r.Operation).Distinct().Skip(1).Any();
            html.Append("<h3 id=\"").Append(Html.Anchor("key", experiment)).Append("\">").Append(Html.Encode(heading))
                .Append(largest > 1 ? ": " + Html.Encode(Units.Images(largest)) : string.Empty).Append("</h3>\n");
            Column[] columns =
            [
                new("Method", r => CaseText.Method(r.Method), Numeric: false),
                .. operations ? [new Column("Operation", r => CaseText.Operation(r.Operation), Numeric: false)] : Array.Empty<Column>(),
                new("Time", r => Units.Time(r.MeanSeconds)),
                new("Fastest – slowest", r => $"{Units.Time(r.MinNanoseconds / 1e9)} – {Units.Time(r.MaxNanoseconds / 1e9)}"),
                RatioColumn, DiskColumn, DiskRatioColumn, AllocatedColumn,
            ];
            AppendTable(html, columns, [.. rows.OrderBy(r => r.Operation, StringComparer.Ordinal).ThenBy(r => CaseText.MethodRank(r.Method))]);
        }
    }

    private static void AppendCharts(StringBuilder html, string folder, IReadOnlyList<Chart> charts)
    {
        html.Append("<h2 id=\"charts\">Charts</h2>\n");
        if (charts.Count == 0)
        {
            html.Append("<p class=\"muted\">No charts.</p>\n");
        }

        foreach (var chart in charts)
        {
            string caption = chart.Title.Replace('\n', ' ');
            html.Append("<figure id=\"").Append(Html.Anchor("chart", chart.Name)).Append("\">\n<img src=\"")
                .Append(Html.Encode(Html.RelativeUrl(folder, chart.File))).Append("\" alt=\"").Append(Html.Encode(caption)).Append("\" loading=\"lazy\">\n")
                .Append("<figcaption>").Append(Html.Encode(caption)).Append(" — table: ")
                .AppendJoin(", ", chart.Experiments.Select(e => $"<a href=\"#{Html.Anchor("results", e)}\">{Html.Encode(e)}</a>"))
                .Append(" <span class=\"muted\">(").Append(Html.Encode(chart.Name)).Append(".png)</span></figcaption>\n</figure>\n");
        }
    }

    private static void AppendResults(StringBuilder html, RunRecord run, IReadOnlyList<Chart> charts)
    {
        html.Append("<h2 id=\"results\">All results</h2>\n<p class=\"muted\">One row per benchmark case. Count is the case's image count; ")
            .Append("times are per operation; vs Raw divides by the Raw row with the same benchmark and parameters (for records Raw cannot hold, Raw's own pixels).</p>\n");
        foreach (var group in run.Results.GroupBy(r => r.Experiment, StringComparer.Ordinal))
        {
            var rows = CaseText.InReadingOrder(group);
            bool parameters = rows.Any(r => r.Parameters.Count > 0);
            html.Append("<h3 id=\"").Append(Html.Anchor("results", group.Key)).Append("\">").Append(Html.Encode(group.Key)).Append("</h3>\n");
            if (charts.FirstOrDefault(c => c.Experiments.Contains(group.Key)) is { } chart)
            {
                html.Append("<p><a href=\"#").Append(Html.Anchor("chart", chart.Name)).Append("\">chart</a></p>\n");
            }

            Column[] columns =
            [
                new("Method", r => CaseText.Method(r.Method), Numeric: false),
                new("Count", r => Units.Count(r.Count)),
                new("Operation", r => CaseText.Operation(r.Operation), Numeric: false),
                .. parameters ? [new Column("Parameters", CaseText.Parameters, Numeric: false)] : Array.Empty<Column>(),
                new("Mean", r => Units.Time(r.MeanSeconds)),
                new("Median", r => Units.Time(r.MedianNanoseconds / 1e9)),
                new("Min", r => Units.Time(r.MinNanoseconds / 1e9)),
                new("Max", r => Units.Time(r.MaxNanoseconds / 1e9)),
                AllocatedColumn, DiskColumn, RatioColumn, DiskRatioColumn,
            ];
            AppendTable(html, columns, rows);
        }
    }

    // One table: a header row, then a row per result, the Raw baseline's greyed.
    private static void AppendTable(StringBuilder html, IReadOnlyList<Column> columns, IReadOnlyList<ResultRow> rows)
    {
        html.Append("<table>\n<thead><tr>").AppendJoin(string.Empty, columns.Select(c => "<th>" + Html.Encode(c.Header) + "</th>")).Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            html.Append(row.IsRaw ? "<tr class=\"baseline\">" : "<tr>")
                .AppendJoin(string.Empty, columns.Select(c => (c.Numeric ? "<td class=\"num\">" : "<td>") + Html.Encode(c.Value(row)) + "</td>"))
                .Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static void AppendReports(StringBuilder html, string folder, RunRecord run)
    {
        html.Append("<h2 id=\"reports\">Reports</h2>\n<p class=\"muted\">BenchmarkDotNet's own reports of this run; the <code>-report-full.json</code> files are what the CI comparer reads.</p>\n");
        string results = Path.Combine(folder, "results");
        var experiments = run.Results.Select(r => r.Experiment).ToHashSet(StringComparer.Ordinal);
        var files = Directory.Exists(results)
            ? Directory.GetFiles(results, "*-report*").Where(f => experiments.Any(e => Path.GetFileName(f).Contains("." + e + "-report", StringComparison.Ordinal))).Order(StringComparer.Ordinal).ToList()
            : [];
        if (files.Count == 0)
        {
            html.Append("<p class=\"muted\">No report files.</p>\n");
            return;
        }

        html.Append("<ul>\n");
        foreach (string file in files)
        {
            html.Append("<li><a href=\"").Append(Html.Encode(Html.RelativeUrl(folder, file))).Append("\">").Append(Html.Encode(Path.GetFileName(file))).Append("</a></li>\n");
        }

        html.Append("</ul>\n");
    }

    /// <summary>A table column: its header, its text for a row, and whether it is a number (right-aligned).</summary>
    private sealed record Column(string Header, Func<ResultRow, string> Value, bool Numeric = true);
}
