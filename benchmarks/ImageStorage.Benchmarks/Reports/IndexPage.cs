using System.Globalization;
using System.Net;
using System.Text;

namespace ImageStorage.Benchmarks.Reports;

/// <summary>Writes the self-contained index.html that links a run's reports, shows its charts and tabulates its rows.</summary>
public static class IndexPage
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    // BenchmarkDotNet's exporters name their files "<benchmark>-report<suffix>"; the suffix says the format.
    private static readonly (string Suffix, string Format)[] ReportKinds =
    [
        ("-report-github.md", "Markdown"),
        ("-report.html", "HTML"),
        ("-report.csv", "CSV"),
        ("-report-full.json", "JSON"),
    ];

    // The article's order first; experiments added later follow in order of appearance.
    private static readonly string[] ExperimentOrder = ["StoreSingle", "ReadSingle", "StoreMany", "ReadMany"];

    private static readonly Dictionary<string, string> ChartCaptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["store-many.png"] = "Store many images: time per batch against batch size (linear axes)",
        ["store-many-log.png"] = "Store many images: time per batch against batch size (log–log axes)",
        ["read-many.png"] = "Read many images: time per batch against batch size (linear axes)",
        ["read-many-log.png"] = "Read many images: time per batch against batch size (log–log axes)",
        ["read-write.png"] = "Store and read many images on one chart (log–log axes)",
        ["disk-usage.png"] = "Disk usage of the store against images stored (log–log axes)",
        ["single.png"] = "Storing and reading a single image",
    };

    private const string Css = """
        body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; background: #fff; line-height: 1.45; }
        h1 { font-size: 1.8rem; margin-bottom: .3rem; }
        h2 { font-size: 1.35rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
        h3 { font-size: 1.1rem; margin-top: 1.6rem; }
        .run { white-space: pre-wrap; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9rem; background: #f6f8fa; border: 1px solid #e1e4e8; border-radius: 6px; padding: .7rem 1rem; }
        nav a { margin-right: 1rem; }
        table { border-collapse: collapse; font-size: .9rem; margin: .5rem 0 1rem; }
        th, td { border: 1px solid #d0d7de; padding: .25rem .6rem; text-align: left; }
        th { background: #f0f3f6; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        tbody tr:nth-child(even) { background: #fafbfc; }
        tr.baseline td { color: #555; }
        figure { margin: 1.2rem 0 2rem; }
        figure img { max-width: 100%; height: auto; border: 1px solid #e1e4e8; }
        figcaption { font-size: .9rem; color: #555; margin-top: .3rem; }
        .muted { color: #777; }
        """;

    /// <summary>Writes index.html into <paramref name="artifactsDirectory"/> and returns its path.</summary>
    public static string Write(
        string artifactsDirectory,
        IReadOnlyList<ResultRow> rows,
        IReadOnlyList<string> chartFiles,
        IReadOnlyList<string> reportFiles,
        string runDescription)
    {
        ArgumentException.ThrowIfNullOrEmpty(artifactsDirectory);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(chartFiles);
        ArgumentNullException.ThrowIfNull(reportFiles);
        Directory.CreateDirectory(artifactsDirectory);

        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>ImageStorage benchmark results</title>\n<style>\n")
            .Append(Css)
            .Append("\n</style>\n</head>\n<body>\n")
            .Append("<h1>ImageStorage benchmark results</h1>\n");

        if (!string.IsNullOrWhiteSpace(runDescription))
        {
            html.Append("<div class=\"run\">").Append(Encode(runDescription.Trim())).Append("</div>\n");
        }

        html.Append("<nav><a href=\"#reports\">Reports</a><a href=\"#charts\">Charts</a><a href=\"#results\">Results</a></nav>\n");

        AppendReports(html, artifactsDirectory, reportFiles);
        AppendCharts(html, artifactsDirectory, chartFiles);
        AppendResults(html, rows);

        html.Append("</body>\n</html>\n");
        string path = Path.Combine(artifactsDirectory, "index.html");
        File.WriteAllText(path, html.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string RelativeUrl(string baseDirectory, string file)
    {
        // Relative links keep the artifacts folder browsable after it is copied or zipped elsewhere; relative
        // inputs are taken as relative to the working directory, like every other path of the run.
        string relative = Path.GetRelativePath(Path.GetFullPath(baseDirectory), Path.GetFullPath(file));
        var segments = relative.Replace('\\', '/').Split('/');
        return string.Join("/", segments.Select(s => s is "." or ".." ? s : Uri.EscapeDataString(s)));
    }

    private static void AppendReports(StringBuilder html, string baseDirectory, IReadOnlyList<string> reportFiles)
    {
        html.Append("<h2 id=\"reports\">Reports</h2>\n");
        if (reportFiles.Count == 0)
        {
            html.Append("<p class=\"muted\">No report files.</p>\n");
            return;
        }

        // One row per benchmark class with a column per format reads better than a flat list of long file names.
        var byBenchmark = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var other = new List<string>();
        foreach (string file in reportFiles)
        {
            string name = Path.GetFileName(file);
            var kind = ReportKinds.FirstOrDefault(k => name.EndsWith(k.Suffix, StringComparison.OrdinalIgnoreCase));
            if (kind.Suffix is null)
            {
                other.Add(file);
                continue;
            }

            string benchmark = name[..^kind.Suffix.Length];
            if (!byBenchmark.TryGetValue(benchmark, out var formats))
            {
                formats = new Dictionary<string, string>(StringComparer.Ordinal);
                byBenchmark[benchmark] = formats;
            }

            formats[kind.Format] = file;
        }

        if (byBenchmark.Count > 0)
        {
            html.Append("<table>\n<thead><tr><th>Benchmark</th>");
            foreach (var (_, format) in ReportKinds)
            {
                html.Append("<th>").Append(Encode(format)).Append("</th>");
            }

            html.Append("</tr></thead>\n<tbody>\n");
            foreach (var (benchmark, formats) in byBenchmark.OrderBy(b => ExperimentRank(ShortName(b.Key))).ThenBy(b => b.Key, StringComparer.Ordinal))
            {
                string shortName = ShortName(benchmark);
                html.Append("<tr><td title=\"").Append(Encode(benchmark)).Append("\">").Append(Encode(shortName)).Append("</td>");
                foreach (var (_, format) in ReportKinds)
                {
                    html.Append("<td>");
                    if (formats.TryGetValue(format, out string? file))
                    {
                        html.Append("<a href=\"").Append(Encode(RelativeUrl(baseDirectory, file))).Append("\">")
                            .Append(Encode(format)).Append("</a>");
                    }
                    else
                    {
                        html.Append("<span class=\"muted\">–</span>");
                    }

                    html.Append("</td>");
                }

                html.Append("</tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }

        if (other.Count > 0)
        {
            html.Append("<ul>\n");
            foreach (string file in other)
            {
                html.Append("<li><a href=\"").Append(Encode(RelativeUrl(baseDirectory, file))).Append("\">")
                    .Append(Encode(Path.GetFileName(file))).Append("</a></li>\n");
            }

            html.Append("</ul>\n");
        }
    }

    private static void AppendCharts(StringBuilder html, string baseDirectory, IReadOnlyList<string> chartFiles)
    {
        html.Append("<h2 id=\"charts\">Charts</h2>\n");
        if (chartFiles.Count == 0)
        {
            html.Append("<p class=\"muted\">No charts.</p>\n");
            return;
        }

        foreach (string file in chartFiles)
        {
            string name = Path.GetFileName(file);
            string caption = ChartCaptions.TryGetValue(name, out string? known) ? known : Humanize(Path.GetFileNameWithoutExtension(name));
            html.Append("<figure>\n<img src=\"").Append(Encode(RelativeUrl(baseDirectory, file)))
                .Append("\" alt=\"").Append(Encode(caption)).Append("\" loading=\"lazy\">\n")
                .Append("<figcaption>").Append(Encode(caption)).Append(" <span class=\"muted\">(")
                .Append(Encode(name)).Append(")</span></figcaption>\n</figure>\n");
        }
    }

    private static void AppendResults(StringBuilder html, IReadOnlyList<ResultRow> rows)
    {
        html.Append("<h2 id=\"results\">Results</h2>\n");
        if (rows.Count == 0)
        {
            html.Append("<p class=\"muted\">No results.</p>\n");
            return;
        }

        html.Append("<p class=\"muted\">Times are per operation (one operation stores or reads <em>Count</em> images). ")
            .Append("Ratio is the mean divided by the Raw row's mean with the same operation, count and parameters.</p>\n");

        // OrderBy is stable, so experiments outside the known four keep their order of appearance.
        var experiments = rows.Select(r => r.Experiment).Distinct(StringComparer.Ordinal).OrderBy(ExperimentRank);

        // Raw rows are the baseline, looked up by everything that defines a measurement except the method.
        var raw = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => string.Equals(r.Method, "Raw", StringComparison.OrdinalIgnoreCase)))
        {
            raw.TryAdd(BaselineKey(row), row.MeanNanoseconds);
        }

        var order = Comparer<ResultRow>.Create(ChartWriter.CompareRows);
        foreach (string experiment in experiments)
        {
            var group = rows.Where(r => string.Equals(r.Experiment, experiment, StringComparison.Ordinal)).Order(order).ToList();
            bool hasExtra = group.Any(r => ChartWriter.ExtraText(r).Length > 0);

            html.Append("<h3>").Append(Encode(experiment)).Append("</h3>\n<table>\n<thead><tr>")
                .Append("<th>Method</th><th>Count</th><th>Operation</th>");
            if (hasExtra)
            {
                html.Append("<th>Parameters</th>");
            }

            html.Append("<th>Mean</th><th>Median</th><th>Allocated</th><th>Disk</th><th>Ratio to Raw</th></tr></thead>\n<tbody>\n");
            foreach (var row in group)
            {
                bool isRaw = string.Equals(row.Method, "Raw", StringComparison.OrdinalIgnoreCase);
                string ratio = raw.TryGetValue(BaselineKey(row), out double baseline) && baseline > 0 && double.IsFinite(row.MeanNanoseconds)
                    ? FormatRatio(row.MeanNanoseconds / baseline)
                    : "–";

                html.Append(isRaw ? "<tr class=\"baseline\">" : "<tr>")
                    .Append("<td>").Append(Encode(ChartWriter.DisplayName(row.Method))).Append("</td>")
                    .Append("<td class=\"num\">").Append(Encode(row.Count.ToString("N0", Inv))).Append("</td>")
                    .Append("<td>").Append(Encode(row.Operation)).Append("</td>");
                if (hasExtra)
                {
                    html.Append("<td>").Append(Encode(ChartWriter.ExtraText(row))).Append("</td>");
                }

                html.Append("<td class=\"num\">").Append(Encode(ChartWriter.FormatSeconds(row.MeanNanoseconds / 1e9))).Append("</td>")
                    .Append("<td class=\"num\">").Append(Encode(ChartWriter.FormatSeconds(row.MedianNanoseconds / 1e9))).Append("</td>")
                    .Append("<td class=\"num\">").Append(Encode(row.AllocatedBytes is long a ? ChartWriter.FormatBytes(a) : "–")).Append("</td>")
                    .Append("<td class=\"num\">").Append(Encode(row.DiskBytes is long d ? ChartWriter.FormatBytes(d) : "–")).Append("</td>")
                    .Append("<td class=\"num\">").Append(Encode(ratio)).Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }
    }

    private static int ExperimentRank(string experiment)
    {
        int index = Array.FindIndex(ExperimentOrder, x => string.Equals(x, experiment, StringComparison.OrdinalIgnoreCase));
        return index >= 0 ? index : ExperimentOrder.Length;
    }

    private static string ShortName(string benchmark)
    {
        // BenchmarkDotNet prefixes the namespace; the class name alone is what readers look for.
        int dot = benchmark.LastIndexOf('.');
        return dot >= 0 && dot < benchmark.Length - 1 ? benchmark[(dot + 1)..] : benchmark;
    }

    private static string Humanize(string kebab)
    {
        string words = kebab.Replace('-', ' ');
        return words.Length == 0 ? kebab : char.ToUpperInvariant(words[0]) + words[1..];
    }

    private static string BaselineKey(ResultRow row) =>
        string.Join("\u0001", row.Experiment, row.Operation, row.Count.ToString(Inv), ChartWriter.ExtraText(row));

    private static string FormatRatio(double ratio) => ratio switch
    {
        >= 100 => ratio.ToString("0", Inv) + "×",
        >= 10 => ratio.ToString("0.0", Inv) + "×",
        _ => ratio.ToString("0.00", Inv) + "×",
    };
}
