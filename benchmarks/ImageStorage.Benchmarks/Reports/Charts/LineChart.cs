using ScottPlot;

namespace ImageStorage.Benchmarks.Reports.Charts;

/// <summary>
/// Time against image count on log–log axes, one line per series, with whiskers from the fastest to the slowest
/// iteration: every method stays readable across four decades, where a linear axis flattens all but the slowest.
/// </summary>
public static class LineChart
{
    private const float LineWidth = 2.5f;
    private const float MarkerSize = 9;

    /// <summary>Draws <paramref name="series"/> into <paramref name="plot"/>.</summary>
    public static void Draw(Plot plot, IReadOnlyList<Series> series)
    {
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentNullException.ThrowIfNull(series);

        // Lines that tie (Raw and HDF5 often do) are nudged apart by a hair of a decade so each stays visible.
        double[] nudges = [.. Enumerable.Range(0, series.Count).Select(i => (i - ((series.Count - 1) / 2.0)) * 0.012)];
        for (int i = series.Count - 1; i >= 0; i--)
        {
            var s = series[i];
            double[] xs = [.. s.Points.Select(p => Math.Log10(p.Count) + nudges[i])];
            double[] ys = [.. s.Points.Select(p => Math.Log10(p.Row.MeanSeconds))];
            var color = ChartStyle.ColorOf(s.Method);

            var whiskers = new ScottPlot.Plottables.ErrorBar(
                xs,
                ys,
                null,
                null,
                [.. s.Points.Select((p, k) => Math.Log10(p.Row.MaxNanoseconds / 1e9) - ys[k])],
                [.. s.Points.Select((p, k) => ys[k] - Math.Log10(p.Row.MinNanoseconds / 1e9))]);
            plot.Add.Plottable(whiskers);
            whiskers.Color = color;
            whiskers.LineWidth = 1.5f;
            whiskers.CapSize = 6;

            var line = plot.Add.Scatter(xs, ys, color);
            line.LineWidth = LineWidth;
            line.LinePattern = s.Method == nameof(StoreKind.Raw) ? LinePattern.Dashed : LinePattern.Solid;
            line.MarkerShape = ChartStyle.MarkerOf(s.Method);
            line.MarkerSize = MarkerSize;
        }

        LogTicks.Use(plot, plot.Axes.Bottom, Units.ShortCount);
        LogTicks.Use(plot, plot.Axes.Left, Units.Time);
        plot.Axes.Margins(0.06, 0.08);

        // At least a decade of counts in view, so the nudges stay a hair even when a run has one count.
        double lo = Math.Log10(series.SelectMany(s => s.Points).Min(p => p.Count));
        double hi = Math.Log10(series.SelectMany(s => s.Points).Max(p => p.Count));
        double pad = Math.Max(1, hi - lo) * 0.08;
        plot.Axes.SetLimitsX(lo - pad - (hi == lo ? 0.5 : 0), hi + pad + (hi == lo ? 0.5 : 0));

        // The legend keeps the rank order although lines were drawn last-first (so Raw lies on top).
        plot.Legend.DisplayPlottableLegendItems = false;
        foreach (var s in series)
        {
            var color = ChartStyle.ColorOf(s.Method);
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = s.Label,
                LineColor = color,
                LineWidth = LineWidth,
                LinePattern = s.Method == nameof(StoreKind.Raw) ? LinePattern.Dashed : LinePattern.Solid,
                MarkerShape = ChartStyle.MarkerOf(s.Method),
                MarkerSize = MarkerSize,
                MarkerFillColor = color,
                MarkerLineColor = color,
            });
        }

        plot.ShowLegend(Edge.Right);
    }
}
