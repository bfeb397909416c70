using System.Globalization;

namespace ImageStorage.Benchmarks.Reports.Pages;

/// <summary><c>artifacts/index.html</c>: every run folder under <c>artifacts/runs/</c>, newest first, each linked to its own page.</summary>
public static class RunsIndexPage
{
    /// <summary>Writes the index of <paramref name="runs"/> (folders with their records) into <paramref name="artifacts"/>; returns its path.</summary>
    public static string Write(string artifacts, IReadOnlyList<(string Folder, RunRecord Record)> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var html = Html.Begin("ImageStorage benchmark runs");
        html.Append("<p class=\"env\">One folder per run under <code>runs/</code>; <a href=\"runs/latest/index.html\">runs/latest</a> is the newest. ")
            .Append("The shared data-set cache is <code>cache/</code> (<code>--clear-cache</code> deletes it).</p>\n");
        if (runs.Count == 0)
        {
            html.Append("<p class=\"muted\">No runs yet.</p>\n");
        }
        else
        {
            html.Append("<table>\n<thead><tr><th>Run</th><th>Started (UTC)</th><th>Commit</th><th>Kind</th><th>Selection</th><th>Counts</th>")
                .Append("<th>Cases</th><th>Failed</th><th>Took</th></tr></thead>\n<tbody>\n");
            foreach (var (folder, run) in runs)
            {
                string commit = run.Commit is null ? "–" : run.Commit[..Math.Min(7, run.Commit.Length)] + (run.Dirty == true ? " (dirty)" : string.Empty);
                html.Append("<tr><td><a href=\"").Append(Html.Encode(Html.RelativeUrl(artifacts, Path.Combine(folder, RunPage.FileName)))).Append("\">")
                    .Append(Html.Encode(Path.GetFileName(folder))).Append("</a></td>")
                    .Append("<td>").Append(Html.Encode(run.Started.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))).Append("</td>")
                    .Append("<td>").Append(Html.Encode(commit)).Append("</td>")
                    .Append("<td>").Append(run.Smoke ? "smoke" : "measurement").Append("</td>")
                    .Append("<td>").Append(Html.Encode(string.Join(" ", run.Selection))).Append("</td>")
                    .Append("<td>").Append(Html.Encode(string.Join(", ", run.Counts.Select(c => Units.Count(c))))).Append("</td>")
                    .Append("<td class=\"num\">").Append(run.Cases.ToString(CultureInfo.InvariantCulture)).Append("</td>")
                    .Append("<td class=\"num\">").Append(run.Failed is int f ? f.ToString(CultureInfo.InvariantCulture) : "–").Append("</td>")
                    .Append("<td class=\"num\">").Append(Html.Encode(run.Duration is TimeSpan d ? Units.Duration(d) : "did not finish")).Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }

        string path = Path.Combine(artifacts, "index.html");
        Html.Finish(html, path);
        return path;
    }
}
