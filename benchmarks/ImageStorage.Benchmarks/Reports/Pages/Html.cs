using System.Net;
using System.Text;

namespace ImageStorage.Benchmarks.Reports.Pages;

/// <summary>What the suite's pages share: the style sheet, escaping, relative links, and writing a page in one step.</summary>
public static class Html
{
    /// <summary>The style sheet of every page (self-contained: the pages load nothing from elsewhere).</summary>
    public const string Css = """
        body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; background: #fff; line-height: 1.45; }
        h1 { font-size: 1.7rem; margin-bottom: .3rem; }
        h2 { font-size: 1.35rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
        h3 { font-size: 1.1rem; margin-top: 1.6rem; }
        .env { color: #444; font-size: .92rem; margin: .2rem 0; }
        .banner { border-radius: 6px; padding: .6rem 1rem; margin: 1rem 0; }
        .smoke { background: #fff4d6; border: 1px solid #e7c25a; }
        .failed { background: #fde2e1; border: 1px solid #e5a19d; }
        nav a { margin-right: 1rem; }
        ul.findings li { margin: .35rem 0; }
        table { border-collapse: collapse; font-size: .9rem; margin: .5rem 0 1rem; }
        th, td { border: 1px solid #d0d7de; padding: .25rem .6rem; text-align: left; vertical-align: top; }
        th { background: #f0f3f6; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        tbody tr:nth-child(even) { background: #fafbfc; }
        tr.baseline td { color: #555; }
        figure { margin: 1.2rem 0 2rem; }
        figure img { max-width: 100%; height: auto; border: 1px solid #e1e4e8; }
        figcaption { font-size: .9rem; color: #555; margin-top: .3rem; }
        .muted { color: #777; }
        """;

    /// <summary>Escapes text for HTML.</summary>
    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>The opening of a page titled <paramref name="title"/>, up to and including its h1.</summary>
    public static StringBuilder Begin(string title)
    {
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Encode(title)).Append("</title>\n<style>\n").Append(Css).Append("\n</style>\n</head>\n<body>\n")
            .Append("<h1>").Append(Encode(title)).Append("</h1>\n");
        return html;
    }

    /// <summary>A link from a page in <paramref name="baseDirectory"/> to <paramref name="file"/>, relative so a copied or zipped folder still works.</summary>
    public static string RelativeUrl(string baseDirectory, string file)
    {
        string relative = Path.GetRelativePath(Path.GetFullPath(baseDirectory), Path.GetFullPath(file));
        return string.Join("/", relative.Replace('\\', '/').Split('/').Select(s => s is "." or ".." ? s : Uri.EscapeDataString(s)));
    }

    /// <summary>An anchor id for <paramref name="name"/>: letters, digits and dashes.</summary>
    public static string Anchor(string prefix, string name) =>
        prefix + "-" + string.Concat(name.Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '-'));

    /// <summary>Ends the page and writes it to <paramref name="path"/> through a temporary file, so a reader never sees half of it.</summary>
    public static void Finish(StringBuilder html, string path)
    {
        ArgumentNullException.ThrowIfNull(html);
        html.Append("</body>\n</html>\n");
        string temp = path + ".tmp";
        File.WriteAllText(temp, html.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(temp, path, overwrite: true);
    }
}
