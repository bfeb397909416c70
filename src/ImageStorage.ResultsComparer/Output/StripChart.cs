using System.Globalization;
using ImageStorage.ResultsComparer.Comparison;
using ScottPlot;

namespace ImageStorage.ResultsComparer.Output;

/// <summary>
/// Draws one flagged benchmark's per-launch values as a strip chart: base on the left, diff on the right, one dot per
/// launch, and for interleaved runs a line from each round's base launch to its diff launch, so a reviewer sees whether
/// the change is consistent across rounds or carried by one or two of them.
/// </summary>
internal static class StripChart
{
    /// <summary>The image's width in pixels.</summary>
    public const int Width = 520;

    /// <summary>The image's height in pixels.</summary>
    public const int Height = 380;

    private static readonly Color BaseColor = Color.FromHex("#0072B2");
    private static readonly Color DiffColor = Color.FromHex("#D55E00");
    private static readonly Color PairColor = Color.FromHex("#999999");

    // ScottPlot's own font detection can fall back to a serif face on minimal Linux images; name a sans face when one exists.
    private static readonly string? SansFont = new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Noto Sans" }
        .FirstOrDefault(name => string.Equals(Fonts.GetTypeface(name, bold: false, italic: false)?.FamilyName, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The PNG of the per-launch times of <paramref name="comparison"/>, or null without launch-level data.</summary>
    public static byte[]? Times(BenchmarkComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        if (comparison.Launches is not { } details || details.Base.Count + details.Diff.Count == 0)
        {
            return null;
        }

        var all = details.Base.Concat(details.Diff).Select(l => l.MedianNanoseconds).Where(v => v > 0).ToList();
        if (all.Count == 0)
        {
            return null;
        }

        var (scale, unit) = TimeScale(all.Max());
        string title = string.Create(CultureInfo.InvariantCulture, $"Time per launch: diff/base {Units.Ratio(comparison.Ratio)} ({Units.RatioInterval(details.Time)})");
        return details.Paired
            ? Draw(title, $"time per operation ({unit})", [.. details.Rounds.Select(r => r.BaseNanoseconds / scale)], [.. details.Rounds.Select(r => r.DiffNanoseconds / scale)], paired: true)
            : Draw(title, $"time per operation ({unit})", [.. details.Base.Select(l => l.MedianNanoseconds / scale)], [.. details.Diff.Select(l => l.MedianNanoseconds / scale)], paired: false);
    }

    /// <summary>The PNG of the per-report allocations of <paramref name="comparison"/>, or null without them.</summary>
    public static byte[]? Allocations(BenchmarkComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        if (comparison.Launches is not { } details || details.BaseAllocations.Count == 0 || details.DiffAllocations.Count == 0)
        {
            return null;
        }

        double scale = Math.Max(details.BaseAllocations.Max(), details.DiffAllocations.Max()) >= 10 * 1024 ? 1024 : 1;
        string unit = scale > 1 ? "KiB" : "B";
        string title = $"Allocated per launch: change {Units.BytesInterval(details.AllocationShift)}";
        var rounds = details.Rounds.Where(r => r.BaseAllocated is not null && r.DiffAllocated is not null).ToList();
        return details.Paired
            ? Draw(title, $"allocated per operation ({unit})", [.. rounds.Select(r => r.BaseAllocated!.Value / scale)], [.. rounds.Select(r => r.DiffAllocated!.Value / scale)], paired: true)
            : Draw(title, $"allocated per operation ({unit})", [.. details.BaseAllocations.Select(a => a / scale)], [.. details.DiffAllocations.Select(a => a / scale)], paired: false);
    }

    // With paired values, base[i] and diff[i] are one round: both get the same horizontal offset and a line joins them.
    private static byte[] Draw(string title, string yLabel, double[] baseValues, double[] diffValues, bool paired)
    {
        using var plot = new Plot();
        if (SansFont is not null)
        {
            plot.Font.Set(SansFont);
        }

        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Title(title, 14);
        plot.YLabel(yLabel, 13);
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.12);

        // A small deterministic spread keeps equal values apart; a paired round keeps one offset on both sides.
        double[] baseXs = Spread(0, baseValues.Length), diffXs = Spread(1, diffValues.Length);
        if (paired)
        {
            for (int i = 0; i < baseValues.Length; i++)
            {
                var line = plot.Add.Line(baseXs[i], baseValues[i], diffXs[i], diffValues[i]);
                line.LineColor = PairColor.WithOpacity(0.7);
                line.LineWidth = 1;
            }
        }

        plot.Add.Markers(baseXs, baseValues, MarkerShape.FilledCircle, 9, BaseColor.WithOpacity(0.85));
        plot.Add.Markers(diffXs, diffValues, MarkerShape.FilledCircle, 9, DiffColor.WithOpacity(0.85));
        foreach (var (center, values, color) in new[] { (0.0, baseValues, BaseColor), (1.0, diffValues, DiffColor) })
        {
            // Each side's median as a short bar across its dots.
            double median = LaunchExtractor.Median(values);
            var bar = plot.Add.Line(center - 0.22, median, center + 0.22, median);
            bar.LineColor = color;
            bar.LineWidth = 3;
        }

        plot.Axes.Bottom.SetTicks([0, 1], ["base", "diff"]);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 14;
        plot.Axes.Left.TickLabelStyle.FontSize = 12;
        double min = baseValues.Concat(diffValues).Min(), max = baseValues.Concat(diffValues).Max();
        double pad = Math.Max((max - min) * 0.12, Math.Abs(max) * 0.02 + 1e-12);
        plot.Axes.SetLimits(-0.5, 1.5, Math.Max(0, min - pad), max + pad);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    private static double[] Spread(double center, int count) =>
        [.. Enumerable.Range(0, count).Select(i => center + (count == 1 ? 0 : ((i % 5) - 2) * 0.035))];

    private static (double Scale, string Unit) TimeScale(double largestNanoseconds) => largestNanoseconds switch
    {
        >= 1e9 => (1e9, "s"),
        >= 1e6 => (1e6, "ms"),
        >= 1e3 => (1e3, "μs"),
        _ => (1, "ns"),
    };
}
