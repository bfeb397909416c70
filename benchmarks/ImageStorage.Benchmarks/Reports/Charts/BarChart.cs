using ScottPlot;

namespace ImageStorage.Benchmarks.Reports.Charts;

/// <summary>
/// Linear bars from zero, one per method inside each labelled group, each with its value written above it: for
/// quantities whose differences are a few tens of percent (disk used ÷ Raw's), where lengths must stay proportional.
/// </summary>
public static class BarChart
{
    /// <summary>Draws <paramref name="groups"/>' values into <paramref name="plot"/>, with a dashed line at <paramref name="reference"/> if given.</summary>
    public static void Draw(Plot plot, IReadOnlyList<Group> groups, Func<ResultRow, double?> value, Func<double, string> format, double? reference)
    {
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(value);
        var methods = SeriesBuilder.Methods(groups.SelectMany(g => g.Rows));
        int perGroup = methods.Count + 1;

        // Past about two dozen bars their values no longer fit side by side, so they stand upright above their bars.
        bool upright = groups.Count * perGroup > 24;
        double highest = 0;
        for (int g = 0; g < groups.Count; g++)
        {
            foreach (var row in groups[g].Rows)
            {
                if (value(row) is not double v || !double.IsFinite(v))
                {
                    continue;
                }

                double x = (g * perGroup) + methods.ToList().IndexOf(row.Method);
                var bar = plot.Add.Bar(new Bar { Position = x, Value = v, Size = 0.85, FillColor = ChartStyle.ColorOf(row.Method), LineWidth = 0 });
                bar.LegendText = string.Empty;
                var text = ChartStyle.Label(plot, format(v), x, v, upright ? Alignment.MiddleLeft : Alignment.LowerCenter);
                text.OffsetY = upright ? -4 : -3;
                text.LabelRotation = upright ? -90 : 0;
                highest = Math.Max(highest, v);
            }
        }

        if (reference is double line)
        {
            var rule = plot.Add.HorizontalLine(line, 1.5f, Colors.Black.WithOpacity(0.55), LinePattern.Dashed);
            rule.LegendText = string.Empty;
        }

        double[] centers = [.. Enumerable.Range(0, groups.Count).Select(g => (g * perGroup) + ((methods.Count - 1) / 2.0))];
        plot.Axes.Bottom.SetTicks(centers, [.. groups.Select(g => g.Label)]);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Grid.XAxisStyle.IsVisible = false;
        LogTicks.UseLinear(plot.Axes.Left, format);
        plot.Axes.SetLimits(-0.8, (groups.Count * perGroup) - 1.2, 0, Math.Max(highest, reference ?? 0) * (upright ? 1.3 : 1.15));
        ChartStyle.MethodLegend(plot, methods, lines: false);
    }
}
