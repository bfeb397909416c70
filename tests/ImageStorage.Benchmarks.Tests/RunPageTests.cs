using System.Net;
using System.Text.RegularExpressions;
using ImageStorage.Benchmarks.Reports;
using ImageStorage.Benchmarks.Reports.Charts;
using ImageStorage.Benchmarks.Reports.Pages;

namespace ImageStorage.Benchmarks.Tests;

/// <summary>
/// Builds the page of a stored small run (TestData/smoke-run/run.json, a real smoke run of every benchmark) and
/// checks that its summary's sentences say what its tables and its data say.
/// </summary>
public sealed partial class RunPageTests(RunPageTests.StoredRun stored) : IClassFixture<RunPageTests.StoredRun>
{
    private readonly RunRecord _run = stored.Run;
    private readonly string _html = stored.Html;
    private readonly string _folder = stored.Folder.Path;

    /// <summary>The stored run and its page, built once for all the tests (drawing the charts takes seconds).</summary>
    public sealed class StoredRun : IDisposable
    {
        public StoredRun()
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "TestData", "smoke-run", RunRecord.FileName), Path.Combine(Folder.Path, RunRecord.FileName));
            Run = RunRecord.Load(Folder.Path);
            Html = File.ReadAllText(RunPage.Write(Folder.Path, Run));
        }

        public TempDirectory Folder { get; } = new();

        public RunRecord Run { get; }

        public string Html { get; }

        public void Dispose() => Folder.Dispose();
    }

    [Theory]
    [InlineData("ReadMany", "Read 100 images (open")]
    [InlineData("StoreMany", "Store 100 images as")]
    public void The_many_image_sentences_state_the_key_tables_ratios_and_the_datas(string experiment, string lead)
    {
        string sentence = Sentence(lead);
        var table = Table("key-" + experiment);
        var (rawTime, ratios) = ParseAgainstRaw(sentence);

        Assert.Equal(Row(table, "Raw")[1], rawTime);
        var rows = _run.Results.Where(r => r.Experiment == experiment && r.Count == 100).ToList();
        // One ratio for every method the stored run measured but Raw (the run predates the newer store kinds).
        Assert.Equal(rows.Count - 1, ratios.Count);
        double rawMean = rows.Single(r => r.IsRaw).MeanNanoseconds;
        foreach (var (method, ratio) in ratios)
        {
            Assert.Equal(Row(table, method)[3], ratio);
            // Recomputed from the data, not read from the page or the stored ratio.
            var row = rows.Single(r => CaseText.Method(r.Method) == method);
            Assert.Equal(Units.Ratio(row.MeanNanoseconds / rawMean), ratio);
        }

        Assert.Equal(ratios.OrderBy(r => double.Parse(r.Ratio.TrimEnd('×'), System.Globalization.CultureInfo.InvariantCulture)).Select(r => r.Method), ratios.Select(r => r.Method));
    }

    [Fact]
    public void The_disk_sentence_states_the_store_many_tables_disk_ratios()
    {
        var (rawDisk, ratios) = ParseAgainstRaw(Sentence("Disk used by a store of 100 images"));
        var table = Table("key-StoreMany");

        Assert.Equal(Row(table, "Raw")[4], rawDisk);
        foreach (var (method, ratio) in ratios)
        {
            Assert.Equal(Row(table, method)[5], ratio);
        }
    }

    [Fact]
    public void The_single_image_sentences_name_every_method_of_their_tables()
    {
        var table = Table("key-ReadSingle");
        foreach (string lead in new[] { "Read one image, opening and closing a store of 1,000", "Read one image from a store already open" })
        {
            var (rawTime, ratios) = ParseAgainstRaw(Sentence(lead));
            string operation = lead.Contains("opening", StringComparison.Ordinal) ? "open, read one, close" : "read one from an open store";
            var rows = table.Where(r => r[1] == operation).ToList();
            Assert.Equal(rows.Single(r => r[0] == "Raw")[2], rawTime);
            Assert.All(ratios, r => Assert.Equal(rows.Single(x => x[0] == r.Method)[4], r.Ratio));
        }
    }

    [Theory]
    [InlineData("ParallelRead", "Threads", "Read 100 images from one open store on")]
    [InlineData("AccessOrder", "Order", "Read 100 images: one range")]
    [InlineData("LmdbTransactions", "RecordsPerTransaction", "Store 100 images in LMDB with")]
    public void The_question_sentences_state_the_mean_of_every_row_in_table_order(string experiment, string parameter, string lead)
    {
        string sentence = Sentence(lead);
        var table = Table("results-" + experiment);
        string values = sentence[(sentence.IndexOf(": ", lead.Length - 2, StringComparison.Ordinal) + 2)..].TrimEnd('.');
        foreach (string part in values.Split(", "))
        {
            // Method names may hold spaces ("tar shards"): the longest table method the part starts with.
            string method = table.Select(r => r[0]).Where(m => part.StartsWith(m + " ", StringComparison.Ordinal)).MaxBy(m => m.Length)!;
            var means = part[(method.Length + 1)..].Split(" / ");
            Assert.Equal(table.Where(r => r[0] == method).Select(r => r[4]), means);
        }

        // One value per parameter value, in the order the run measured them.
        int values0 = _run.Results.Where(r => r.Experiment == experiment).Select(r => r.Parameter(parameter)).Distinct().Count();
        Assert.All(values.Split(", "), part => Assert.Equal(values0, part.Split(" / ").Length));
    }

    [Fact]
    public void The_encoded_records_sentence_recomputes_from_the_data()
    {
        string sentence = Sentence("PNG records instead of raw pixels");
        foreach (string method in new[] { "LMDB", "HDF5" })
        {
            ResultRow Find(string operation, string encoding) =>
                _run.Results.Single(r => r.Experiment == "EncodedRecords" && CaseText.Method(r.Method) == method && r.Operation == operation && r.Parameter("Encoding") == encoding);
            string expected = $"{method} disk {Units.Ratio((double)Find("Read", "Png").DiskBytes!.Value / Find("Read", "Raw").DiskBytes!.Value)}, "
                + $"read {Units.Ratio(Find("Read", "Png").MeanNanoseconds / Find("Read", "Raw").MeanNanoseconds)}, "
                + $"store {Units.Ratio(Find("Store", "Png").MeanNanoseconds / Find("Store", "Raw").MeanNanoseconds)}";
            Assert.Contains(expected, sentence, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_page_opens_with_the_environment_and_the_smoke_banner_and_shows_every_known_chart()
    {
        Assert.True(_run.Smoke);
        Assert.Contains("class=\"banner smoke\"", _html, StringComparison.Ordinal);
        Assert.Contains($"commit {_run.Commit![..7]}", _html, StringComparison.Ordinal);
        Assert.Contains($"job {_run.Job.Id}: ", _html, StringComparison.Ordinal);
        Assert.True(_html.IndexOf("id=\"summary\"", StringComparison.Ordinal) < _html.IndexOf("id=\"charts\"", StringComparison.Ordinal));
        foreach (string chart in ChartPlan.Names)
        {
            Assert.True(File.Exists(Path.Combine(_folder, "charts", chart + ".png")), $"no {chart}.png");
            Assert.Contains($"<figure id=\"chart-{chart}\">", _html, StringComparison.Ordinal);
        }

        // Every link inside the page leads to an anchor that exists.
        foreach (Match link in AnchorLink().Matches(_html))
        {
            Assert.Contains($"id=\"{link.Groups[1].Value}\"", _html, StringComparison.Ordinal);
        }
    }

    private static (string Raw, List<(string Method, string Ratio)> Ratios) ParseAgainstRaw(string sentence)
    {
        var match = AgainstRawSentence().Match(sentence);
        Assert.True(match.Success, $"not a 'lead: Raw x; M r× Raw, …' sentence: {sentence}");
        var ratios = match.Groups["others"].Value.Split(", ")
            .Select(p => p.Replace(" Raw", string.Empty, StringComparison.Ordinal))
            .Select(p => (p[..p.LastIndexOf(' ')], p[(p.LastIndexOf(' ') + 1)..]))
            .ToList();
        return (match.Groups["raw"].Value, ratios);
    }

    private string Sentence(string lead)
    {
        var sentences = Finding().Matches(_html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).Where(s => s.StartsWith(lead, StringComparison.Ordinal)).ToList();
        Assert.True(sentences.Count == 1, $"expected one summary sentence starting '{lead}', found {sentences.Count}");
        return sentences[0];
    }

    private List<string[]> Table(string id)
    {
        int at = _html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(at >= 0, $"no table {id}");
        int start = _html.IndexOf("<tbody>", at, StringComparison.Ordinal);
        string body = _html[start.._html.IndexOf("</tbody>", start, StringComparison.Ordinal)];
        return [.. TableRow().Matches(body).Select(r => TableCell().Matches(r.Value).Select(c => WebUtility.HtmlDecode(c.Groups[1].Value)).ToArray())];
    }

    private static string[] Row(List<string[]> table, string method) => table.Single(r => r[0] == method);

    [GeneratedRegex(@"^.*?: Raw (?<raw>[^;]+); (?<others>.+)\.$")]
    private static partial Regex AgainstRawSentence();

    [GeneratedRegex("<li>(.*?) <a href")]
    private static partial Regex Finding();

    [GeneratedRegex("<tr[^>]*>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex TableRow();

    [GeneratedRegex("<td[^>]*>(.*?)</td>", RegexOptions.Singleline)]
    private static partial Regex TableCell();

    [GeneratedRegex("href=\"#([^\"]+)\"")]
    private static partial Regex AnchorLink();
}
