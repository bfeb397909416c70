using ScottPlot;

namespace ImageStorage.Benchmarks.Reports.Charts;

/// <summary>
/// Time per operation as dots, one row per method inside each labelled group, with whiskers from the fastest to the
/// slowest iteration and the mean written beside each dot. A log axis when the times span more than 20×, else a
/// linear one from zero: a dot's position, unlike a bar's length, stays honest on either.
/// </summary>
public static class DotPlot
{
    private const int PixelsPerRow = 24;

    /// <summary>Draws <paramref name="groups"/> into <paramref name="plot"/> and returns the height the figure needs.</summary>
    public static int Draw(Plot plot, IReadOnlyList<Group> groups)
    {
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentNullException.ThrowIfNull(groups);
        var methods = SeriesBuilder.Methods(groups.SelectMany(g => g.Rows));
        var rows = groups.SelectMany(g => g.Rows).ToList();
        double fastest = rows.Min(r => r.MinNanoseconds) / 1e9;
        double slowest = rows.Max(r => r.MaxNanoseconds) / 1e9;
        bool log = slowest / fastest > 20;
        double X(double seconds) => log ? Math.Log10(seconds) : seconds;

        // Groups run top to bottom, methods inside a group too, with one empty row between groups.
        int perGroup = methods.Count + 1;
        int slots = (groups.Count * perGroup) - 1;
        var centers = new double[groups.Count];
        for (int g = 0; g < groups.Count; g++)
        {
            centers[g] = slots - 1 - ((g * perGroup) + ((methods.Count - 1) / 2.0));
            foreach (var row in groups[g].Rows)
            {
                double y = slots - 1 - ((g * perGroup) + IndexOf(methods, row.Method));
                double mean = X(row.MeanSeconds), min = X(row.MinNanoseconds / 1e9), max = X(row.MaxNanoseconds / 1e9);
                var color = ChartStyle.ColorOf(row.Method);
                var whisker = new ScottPlot.Plottables.ErrorBar([mean], [y], [max - mean], [mean - min], null, null)
                {
                    Color = color,
                    LineWidth = 1.5f,
                    CapSize = 5,
                };
                plot.Add.Plottable(whisker);
                plot.Add.Marker(mean, y, ChartStyle.MarkerOf(row.Method), 11, color);
                ChartStyle.Label(plot, "  " + Units.Time(row.MeanSeconds), max, y, Alignment.MiddleLeft);
            }
        }

        plot.Axes.Left.SetTicks(centers, [.. groups.Select(g => g.Label)]);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Grid.YAxisStyle.IsVisible = false;
        int height = Math.Max(ChartStyle.MinHeight, (slots * PixelsPerRow) + 200);

        // Room past the slowest whisker for its label; a few rows of air when there are few dots.
        double pad = Math.Max(0.6, ((height - 200) / 40.0 - slots) / 2);
        if (log)
        {
            LogTicks.Use(plot, plot.Axes.Bottom, Units.Time);
            double span = Math.Max(0.5, Math.Log10(slowest / fastest));
            plot.Axes.SetLimits(Math.Log10(fastest) - (span * 0.08), Math.Log10(slowest) + (span * 0.25), -pad, slots - 1 + pad);
        }
        else
        {
            LogTicks.UseLinear(plot.Axes.Bottom, Units.Time);
            plot.Axes.SetLimits(0, slowest * 1.3, -pad, slots - 1 + pad);
        }

        ChartStyle.MethodLegend(plot, methods, lines: false);
        return height;
    }

    private static int IndexOf(IReadOnlyList<string> methods, string method)
    {
        for (int i = 0; i < methods.Count; i++)
        {
            if (methods[i] == method)
            {
                return i;
            }
        }

        return methods.Count;
    }
}
