using ScottPlot;

namespace ImageStorage.Benchmarks.Reports.Charts;

/// <summary>
/// The look every chart shares: figure size, fonts, and one colour and marker per storage method from a palette, so
/// a method looks the same on every chart and store kinds added later get their own without a change here.
/// </summary>
public static class ChartStyle
{
    /// <summary>Figure width in pixels.</summary>
    public const int Width = 1000;

    /// <summary>The least figure (or panel) height in pixels.</summary>
    public const int MinHeight = 560;

    /// <summary>Font size of tick and value labels.</summary>
    public const float SmallText = 14;

    // Okabe–Ito colours stay distinguishable for colour-blind readers; Raw, the baseline, is a neutral grey.
    private static readonly Color[] Palette =
    [
        Color.FromHex("#555555"), Color.FromHex("#D55E00"), Color.FromHex("#0072B2"), Color.FromHex("#009E73"),
        Color.FromHex("#CC79A7"), Color.FromHex("#E69F00"), Color.FromHex("#56B4E9"), Color.FromHex("#000000"),
    ];

    private static readonly MarkerShape[] Markers =
    [
        MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond,
        MarkerShape.FilledTriangleDown, MarkerShape.OpenCircle, MarkerShape.OpenSquare, MarkerShape.OpenDiamond,
    ];

    // ScottPlot's own font detection falls back to a serif face on minimal Linux images; name a sans face when one exists.
    private static readonly string? SansFont = new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Segoe UI", "Noto Sans" }
        .FirstOrDefault(name => string.Equals(Fonts.GetTypeface(name, bold: false, italic: false)?.FamilyName, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The colour of a storage method.</summary>
    public static Color ColorOf(string method) => Palette[Slot(method) % Palette.Length];

    /// <summary>The marker of a storage method.</summary>
    public static MarkerShape MarkerOf(string method) => Markers[Slot(method) % Markers.Length];

    /// <summary>A plot with the suite's fonts, white background, light grid and title.</summary>
    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        if (SansFont is not null)
        {
            plot.Font.Set(SansFont);
        }

        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Title(title, 19);
        plot.XLabel(xLabel, 16);
        plot.YLabel(yLabel, 16);
        plot.Axes.Bottom.TickLabelStyle.FontSize = SmallText;
        plot.Axes.Left.TickLabelStyle.FontSize = SmallText;
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.15);
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.07);
        // Minor grid lines only help on log axes, where they show the 2–9 steps; LogTicks turns them on there.
        plot.Grid.MinorLineWidth = 0;
        plot.Legend.FontSize = SmallText;
        plot.Legend.SymbolWidth = 40;
        return plot;
    }

    /// <summary>Text drawn on the data area (value labels) in the suite's font.</summary>
    public static ScottPlot.Plottables.Text Label(Plot plot, string text, double x, double y, Alignment alignment)
    {
        ArgumentNullException.ThrowIfNull(plot);
        var label = plot.Add.Text(text, x, y);
        label.LabelFontSize = 13;
        label.LabelAlignment = alignment;
        label.LabelFontColor = Colors.Black.WithOpacity(0.8);
        if (SansFont is not null)
        {
            label.LabelFontName = SansFont;
        }

        return label;
    }

    /// <summary>A legend that lists the methods in rank order, outside the data area so it never hides a point.</summary>
    public static void MethodLegend(Plot plot, IEnumerable<string> methods, bool lines)
    {
        ArgumentNullException.ThrowIfNull(plot);
        plot.Legend.DisplayPlottableLegendItems = false;
        foreach (string method in methods)
        {
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = CaseText.Method(method),
                LineColor = ColorOf(method),
                LineWidth = lines ? 2.5f : 0,
                MarkerShape = MarkerOf(method),
                MarkerSize = 10,
                MarkerFillColor = ColorOf(method),
                MarkerLineColor = ColorOf(method),
            });
        }

        plot.ShowLegend(Edge.Right);
    }

    // Known kinds take their place in the library's order; any other name a stable slot after them.
    private static int Slot(string method)
    {
        if (Enum.TryParse<StoreKind>(method, out var kind))
        {
            return (int)kind;
        }

        int hash = 0;
        foreach (char ch in method)
        {
            hash = unchecked((hash * 31) + ch);
        }

        return Enum.GetValues<StoreKind>().Length + (int)((uint)hash % (uint)Palette.Length);
    }
}
