using ScottPlot;

namespace ImageStorage.Benchmarks.Reports.Charts;

/// <summary>Saves one plot, or several stacked as panels of one figure, as a PNG file of the suite's width.</summary>
public static class Figure
{
    /// <summary>Saves <paramref name="panels"/> top to bottom, each with its height, into <paramref name="path"/>.</summary>
    public static void Save(string path, params (Plot Plot, int Height)[] panels)
    {
        ArgumentNullException.ThrowIfNull(panels);
        if (panels.Length == 1)
        {
            panels[0].Plot.SavePng(path, ChartStyle.Width, panels[0].Height);
            return;
        }

        // Panels share the figure's width; equal room for their left axes lines their data areas up.
        foreach (var (plot, _) in panels)
        {
            plot.Axes.Left.MinimumSize = 230;
        }

        var figure = new Multiplot(panels[0].Plot) { Layout = new StackedRows([.. panels.Select(p => p.Height)]) };
        foreach (var (plot, _) in panels.Skip(1))
        {
            figure.AddPlot(plot);
        }

        figure.SavePng(path, ChartStyle.Width, panels.Sum(p => p.Height));
    }

    /// <summary>Rows of the given pixel heights, where ScottPlot's own layout would make them all equal.</summary>
    private sealed class StackedRows(int[] heights) : IMultiplotLayout
    {
        public PixelRect[] GetSubplotRectangles(SubplotCollection subplots, PixelRect figureRect)
        {
            double total = heights.Sum();
            var rectangles = new PixelRect[subplots.Count];
            double top = 0;
            for (int i = 0; i < subplots.Count; i++)
            {
                double fraction = heights[Math.Min(i, heights.Length - 1)] / total;
                rectangles[i] = new FractionRect(0, top, 1, fraction).GetPixelRect(figureRect);
                top += fraction;
            }

            return rectangles;
        }
    }
}
