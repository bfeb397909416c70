using System.Globalization;
using System.Text;
using System.Text.Json;
using ImageStorage.Benchmarks.Reports;
using ImageStorage.Benchmarks.Reports.Charts;
using ScottPlot;

namespace ImageStorage.Benchmarks.Fleet;

/// <summary>
/// The fleet benchmark's results: <c>fleet.json</c> (every row), <c>fleet.md</c> (the tables and the issue's three
/// targets, each met or missed) and two charts: aggregate images/s against ranks, and one rank's against round trip.
/// </summary>
public sealed class FleetReport(FleetSettings settings, IReadOnlyList<FleetRow> rows)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes the files into <paramref name="folder"/>.</summary>
    public void Write(string folder)
    {
        File.WriteAllText(Path.Combine(folder, "fleet.json"), JsonSerializer.Serialize(new { settings.Count, settings.RoundTripsMs, settings.Ranks, Rows = rows }, Indented));
        File.WriteAllText(Path.Combine(folder, "fleet.md"), Markdown());
        Figure.Save(Path.Combine(folder, "fleet-ranks.png"), (RanksChart(), ChartStyle.MinHeight));
        Figure.Save(Path.Combine(folder, "fleet-round-trip.png"), (RoundTripChart(), ChartStyle.MinHeight));
    }

    /// <summary>The Markdown report.</summary>
    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine(Inv, $"# Fleet: {Units.Images(settings.Count)} of {ImageShape.Cifar10} in a Ceph RGW, readers in network namespaces");
        md.AppendLine();
        md.AppendLine("| round trip set | measured added (median GET through the proxy − straight to RGW) |");
        md.AppendLine("|---:|---:|");
        foreach (var r in rows.Where(r => r.Benchmark == "round trip"))
        {
            md.AppendLine(Inv, $"| {r.RoundTripMs} ms | {r.Seconds * 1000:0.00} ms |");
        }

        md.AppendLine();
        md.AppendLine("| benchmark | layout | round trip | ranks | images | time | images/s | MB/s | cores busy | Ceph's cores | proxy's cores |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows.Where(r => r.Benchmark != "round trip"))
        {
            md.AppendLine(Inv, $"| {r.Benchmark} | {r.Layout} | {r.RoundTripMs} ms | {r.Ranks} | {Units.Count(r.Images)} | {Units.Time(r.Seconds)} | {r.ImagesPerSecond:N0} | {r.BytesPerSecond / 1e6:0.0} | {Share(r.Cpu.Busy)} | {Cores(r.Cpu.ServiceCores)} | {Cores(r.Cpu.ProxyCores)} |");
        }

        md.AppendLine();
        md.AppendLine("## Targets");
        md.AppendLine();
        foreach (string line in Targets())
        {
            md.AppendLine("- " + line);
        }

        return md.ToString();
    }

    private IEnumerable<string> Targets()
    {
        int far = settings.RoundTripsMs.Max();
        if (Epoch("shards", far, 1) is { } shards && Epoch("objects", far, 1) is { } objects)
        {
            double ratio = shards.ImagesPerSecond / objects.ImagesPerSecond;
            yield return $"shards ÷ objects, one rank's epoch at {far} ms: {ratio:0.0}× (target ≥ 10×: {(ratio >= 10 ? "met" : "missed")})";
        }

        foreach (var hit in rows.Where(r => r.Benchmark == "epoch (cache hit)"))
        {
            foreach (var raw in rows.Where(r => r.Benchmark.StartsWith("epoch (warm", StringComparison.Ordinal)))
            {
                double ratio = hit.Seconds / raw.Seconds;
                string yardstick = raw.Benchmark.Contains("checksums", StringComparison.Ordinal) ? "local Raw epoch checking checksums" : "local Raw epoch";
                yield return $"{hit.Layout} cache-hit epoch ÷ {yardstick}: {ratio:0.00}× the time (target ≤ 1.5×: {(ratio <= 1.5 ? "met" : "missed")})";
            }
        }

        foreach (string layout in rows.Where(r => r.Benchmark == "epoch").Select(r => r.Layout).Distinct())
        {
            foreach (int rtt in settings.RoundTripsMs)
            {
                if (Epoch(layout, rtt, 1) is { } one && Epoch(layout, rtt, 4) is { } four)
                {
                    double ratio = four.ImagesPerSecond / one.ImagesPerSecond;
                    yield return $"{layout} at {rtt} ms, 4 ranks ÷ 1: {ratio:0.00}× (target ≥ 3×: {(ratio >= 3 ? "met" : "missed")}; cores busy {Share(four.Cpu.Busy)}: Ceph {Cores(four.Cpu.ServiceCores)} cores, proxy {Cores(four.Cpu.ProxyCores)})";
                }
            }
        }
    }

    private FleetRow? Epoch(string layout, int rtt, int ranks) =>
        rows.FirstOrDefault(r => r.Benchmark == "epoch" && r.Layout == layout && r.RoundTripMs == rtt && r.Ranks == ranks);

    private Plot RanksChart()
    {
        var plot = ChartStyle.NewPlot($"One epoch of {Units.Images(settings.Count)} read by several ranks together", "reader ranks (processes, each in its own network namespace)", "images/s, all ranks together");
        var epochs = rows.Where(r => r.Benchmark == "epoch").ToList();
        foreach (var group in epochs.GroupBy(r => (r.Layout, r.RoundTripMs)))
        {
            var points = group.OrderBy(r => r.Ranks).ToList();
            var line = plot.Add.Scatter(points.Select(p => Math.Log2(p.Ranks)).ToArray(), points.Select(p => Math.Log10(p.ImagesPerSecond)).ToArray(), RttColor(group.Key.RoundTripMs));
            line.LineWidth = 2.5f;
            line.MarkerSize = 10;
            line.MarkerShape = group.Key.Layout == "shards" ? MarkerShape.FilledCircle : MarkerShape.OpenSquare;
            line.LinePattern = group.Key.Layout == "shards" ? LinePattern.Solid : LinePattern.Dashed;
            line.LegendText = $"{group.Key.Layout}, {group.Key.RoundTripMs} ms";
        }

        int[] ranks = [.. epochs.Select(r => r.Ranks).Distinct().Order()];
        plot.Axes.Bottom.SetTicks([.. ranks.Select(r => Math.Log2(r))], [.. ranks.Select(r => r.ToString(Inv))]);
        LogTicks.Use(plot, plot.Axes.Left, Units.ShortCount);
        plot.Axes.Margins(0.08, 0.1);
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    private Plot RoundTripChart()
    {
        var plot = ChartStyle.NewPlot("One rank, per round trip the proxy adds", "added round trip", "images/s");
        int[] rtts = [.. settings.RoundTripsMs.Order()];
        foreach (var group in rows.Where(r => r.Benchmark is "epoch" or "store many" && r.Ranks == 1).GroupBy(r => (r.Benchmark, r.Layout)))
        {
            var points = group.OrderBy(r => r.RoundTripMs).ToList();
            var line = plot.Add.Scatter(points.Select(p => (double)Array.IndexOf(rtts, p.RoundTripMs)).ToArray(), points.Select(p => Math.Log10(p.ImagesPerSecond)).ToArray(), ChartStyle.ColorOf(group.Key.Layout == "shards" ? nameof(StoreKind.S3Shards) : nameof(StoreKind.S3Objects)));
            line.LineWidth = 2.5f;
            line.MarkerSize = 10;
            line.LinePattern = group.Key.Benchmark == "epoch" ? LinePattern.Solid : LinePattern.Dotted;
            line.MarkerShape = group.Key.Benchmark == "epoch" ? MarkerShape.FilledCircle : MarkerShape.OpenTriangleUp;
            line.LegendText = $"{group.Key.Benchmark}, {group.Key.Layout}";
        }

        plot.Axes.Bottom.SetTicks([.. rtts.Select((_, i) => (double)i)], [.. rtts.Select(r => r + " ms")]);
        LogTicks.Use(plot, plot.Axes.Left, Units.ShortCount);
        plot.Axes.Margins(0.08, 0.1);
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    private static Color RttColor(int rtt) => rtt switch
    {
        0 => Color.FromHex("#009E73"),
        <= 2 => Color.FromHex("#0072B2"),
        _ => Color.FromHex("#D55E00"),
    };

    private static string Share(double busy) => double.IsFinite(busy) ? busy.ToString("P0", Inv) : "–";

    private static string Cores(double cores) => double.IsFinite(cores) ? cores.ToString("0.00", Inv) : "–";
}
