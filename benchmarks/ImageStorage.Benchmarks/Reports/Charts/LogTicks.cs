using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace ImageStorage.Benchmarks.Reports.Charts;

/// <summary>
/// Ticks for an axis that holds log10 of the data (ScottPlot 5 draws log scales that way): labelled decades, and
/// labelled or minor 2–9 steps as room allows. Also puts an axis on it, or on plain linear ticks.
/// </summary>
public sealed class LogTicks(Func<double, string> format) : ITickGenerator
{
    private static readonly int[] DecadeSteps = [1, 2, 3, 5, 10, 20, 50];

    /// <summary>Gets or sets the ticks of the last regeneration.</summary>
    public Tick[] Ticks { get; set; } = [];

    /// <summary>Gets or sets the most ticks ScottPlot may ask for.</summary>
    public int MaxTickCount { get; set; } = 10_000;

    /// <summary>Labels <paramref name="axis"/> (holding log10 values) in decades of <paramref name="format"/>ted data, with minor grid lines.</summary>
    public static void Use(Plot plot, IAxis axis, Func<double, string> format)
    {
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentNullException.ThrowIfNull(axis);
        axis.TickGenerator = new LogTicks(format);
        var grid = axis is IXAxis ? plot.Grid.XAxisStyle : plot.Grid.YAxisStyle;
        grid.MinorLineStyle.Width = 1;
    }

    /// <summary>Labels a linear <paramref name="axis"/> with a few round ticks in <paramref name="format"/>.</summary>
    public static void UseLinear(IAxis axis, Func<double, string> format)
    {
        ArgumentNullException.ThrowIfNull(axis);
        axis.TickGenerator = new NumericAutomatic { LabelFormatter = format, TickDensity = 0.6 };
    }

    /// <summary>Recomputes the ticks for the visible range of the axis.</summary>
    public void Regenerate(CoordinateRange range, Edge edge, PixelLength size, Paint paint, LabelStyle labelStyle)
    {
        double lo = Math.Min(range.Min, range.Max);
        double hi = Math.Max(range.Min, range.Max);
        if (!double.IsFinite(lo) || !double.IsFinite(hi) || hi <= lo || size.Length <= 0 || hi - lo > 300)
        {
            Ticks = [];
            return;
        }

        // Labels on a vertical axis stack by line height; on a horizontal one they need their full width.
        bool vertical = edge is Edge.Left or Edge.Right;
        double minSpacing = vertical ? 34 : 60;
        double pixelsPerDecade = size.Length / (hi - lo);
        int step = DecadeSteps.FirstOrDefault(s => pixelsPerDecade * s >= minSpacing, DecadeSteps[^1]);

        var ticks = Build(lo, hi, step, pixelsPerDecade, minSpacing, labelAll: false);
        if (ticks.Count(t => t.IsMajor) < 2)
        {
            // Less than a decade visible: label every mantissa so the axis still has numbers on it.
            ticks = Build(lo, hi, step, pixelsPerDecade, minSpacing, labelAll: true);
        }

        Ticks = ticks.ToArray();
    }

    private List<Tick> Build(double lo, double hi, int step, double pixelsPerDecade, double minSpacing, bool labelAll)
    {
        // The narrowest gap between neighbouring labels decides how many mantissas get one: 9→10 is 0.046
        // decade, 2→3 is 0.176 and 1→2 is 0.301; anything unlabelled becomes a minor tick if there is room.
        int[] labelled = labelAll || pixelsPerDecade * 0.0458 >= minSpacing ? [2, 3, 4, 5, 6, 7, 8, 9]
            : pixelsPerDecade * 0.176 >= minSpacing ? [2, 3, 5]
            : pixelsPerDecade * 0.301 >= minSpacing ? [2, 5]
            : [];
        bool minors = step == 1 && pixelsPerDecade >= 40;
        var ticks = new List<Tick>();
        for (int k = (int)Math.Floor(lo); k <= (int)Math.Ceiling(hi); k++)
        {
            if (k >= lo && k <= hi)
            {
                ticks.Add(k % step == 0 || labelAll ? Tick.Major(k, format(PowerOfTen(1, k))) : Tick.Minor(k));
            }

            if (step != 1)
            {
                continue;
            }

            for (int mantissa = 2; mantissa <= 9; mantissa++)
            {
                double position = k + Math.Log10(mantissa);
                if (position < lo || position > hi)
                {
                    continue;
                }

                if (labelled.Contains(mantissa))
                {
                    ticks.Add(Tick.Major(position, format(PowerOfTen(mantissa, k))));
                }
                else if (minors)
                {
                    ticks.Add(Tick.Minor(position));
                }
            }
        }

        return ticks;
    }

    // Parsing "2e-6" gives the double nearest the decimal value, which Math.Pow does not promise; formatters
    // comparing against 1e-6 then pick the intended unit.
    private static double PowerOfTen(int mantissa, int exponent) =>
        double.Parse(string.Create(CultureInfo.InvariantCulture, $"{mantissa}e{exponent}"), NumberStyles.Float, CultureInfo.InvariantCulture);
}
