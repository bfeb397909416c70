using System.Globalization;
using System.Text;
using ScottPlot;
using ScottPlot.Plottables;
using ScottPlot.TickGenerators;

namespace ImageStorage.Benchmarks.Reports;

/// <summary>Draws the charts of a run as PNG files from its result rows.</summary>
public static class ChartWriter
{
    private const int Width = 1000;
    private const int MinHeight = 600;
    private const float TitleSize = 20;
    private const float AxisLabelSize = 16;
    private const float TickLabelSize = 14;

    // Bars get a fixed pixel budget so experiments with many groups grow taller instead of unreadable.
    private const int PixelsPerBarSlot = 26;

    private const string StoreMany = "StoreMany";
    private const string ReadMany = "ReadMany";
    private const string StoreSingle = "StoreSingle";
    private const string ReadSingle = "ReadSingle";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    // Okabe–Ito colours stay distinguishable for colour-blind readers; Raw is neutral grey because it is the baseline.
    private static readonly MethodStyle[] KnownMethods =
    [
        new("Raw", "Raw", Color.FromHex("#555555"), MarkerShape.FilledCircle, 0),
        new("Png", "PNG", Color.FromHex("#D55E00"), MarkerShape.FilledSquare, 1),
        new("Lmdb", "LMDB", Color.FromHex("#0072B2"), MarkerShape.FilledTriangleUp, 2),
        new("Hdf5", "HDF5", Color.FromHex("#009E73"), MarkerShape.FilledDiamond, 3),
    ];

    private static readonly Color[] SpareColors =
    [
        Color.FromHex("#CC79A7"), Color.FromHex("#E69F00"), Color.FromHex("#56B4E9"), Color.FromHex("#000000"),
    ];

    private static readonly LinePattern[] VariantPatterns =
        [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];

    // ScottPlot's own font detection falls back to a serif face on minimal Linux images; name a sans face when one exists.
    private static readonly string? SansFont = new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Segoe UI", "Noto Sans", "Open Sans" }
        .FirstOrDefault(name => string.Equals(Fonts.GetTypeface(name, bold: false, italic: false)?.FamilyName, name, StringComparison.OrdinalIgnoreCase));

    private static readonly HashSet<string> ReservedChartNames = new(StringComparer.Ordinal)
    {
        "store-many", "store-many-log", "read-many", "read-many-log", "read-write", "disk-usage", "single",
    };

    /// <summary>Writes every chart for which rows exist into <paramref name="chartsDirectory"/> and returns the PNG paths.</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<ResultRow> rows, string chartsDirectory)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentException.ThrowIfNullOrEmpty(chartsDirectory);
        Directory.CreateDirectory(chartsDirectory);

        // Failed benchmarks come through as NaN means; they cannot be drawn.
        var usable = rows.Where(r => double.IsFinite(r.MeanNanoseconds) && r.MeanNanoseconds > 0).ToList();
        var written = new List<string>();
        string PathOf(string name) => Path.Combine(chartsDirectory, name + ".png");

        var store = OfExperiment(usable, StoreMany);
        var read = OfExperiment(usable, ReadMany);
        if (store.Count > 0)
        {
            written.Add(WriteManyChart(PathOf("store-many"), "Store many images: mean time per batch", store, log: false));
            written.Add(WriteManyChart(PathOf("store-many-log"), "Store many images: mean time per batch (log–log)", store, log: true));
        }

        if (read.Count > 0)
        {
            written.Add(WriteManyChart(PathOf("read-many"), "Read many images: mean time per batch", read, log: false));
            written.Add(WriteManyChart(PathOf("read-many-log"), "Read many images: mean time per batch (log–log)", read, log: true));
        }

        if (store.Count > 0 && read.Count > 0)
        {
            written.Add(WriteReadWriteChart(PathOf("read-write"), store, read));
        }

        // Disk usage is a property of the store, so any experiment that recorded it will do; StoreMany is preferred.
        var disk = store.Where(r => r.DiskBytes > 0).ToList();
        if (disk.Count == 0)
        {
            disk = read.Where(r => r.DiskBytes > 0).ToList();
        }

        if (disk.Count > 0)
        {
            written.Add(WriteDiskChart(PathOf("disk-usage"), disk));
        }

        var singles = usable.Where(r => IsExperiment(r, StoreSingle) || IsExperiment(r, ReadSingle)).ToList();
        if (singles.Count > 0)
        {
            written.Add(WriteSingleChart(PathOf("single"), singles));
        }

        var others = usable
            .Where(r => !IsExperiment(r, StoreMany) && !IsExperiment(r, ReadMany) && !IsExperiment(r, StoreSingle) && !IsExperiment(r, ReadSingle))
            .GroupBy(r => r.Experiment, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        var usedNames = new HashSet<string>(ReservedChartNames, StringComparer.Ordinal);
        foreach (var group in others)
        {
            string name = KebabCase(group.Key);
            // Two experiment names can kebab to the same file, or to a fixed chart's name; never overwrite one.
            string unique = name;
            for (int i = 2; !usedNames.Add(unique); i++)
            {
                unique = string.Create(Inv, $"{name}-{i}");
            }

            written.Add(WriteGenericChart(PathOf(unique), group.Key, group.ToList()));
        }

        return written;
    }

    /// <summary>Formats a duration in seconds with a unit from ns to s and three significant digits.</summary>
    internal static string FormatSeconds(double seconds)
    {
        if (!double.IsFinite(seconds))
        {
            return "–";
        }

        // The thresholds sit just below each unit so that 999.7 µs prints as "1 ms", not "1000 µs".
        double abs = Math.Abs(seconds);
        return abs switch
        {
            0 => "0 s",
            < 0.9995e-6 => Significant(seconds * 1e9) + " ns",
            < 0.9995e-3 => Significant(seconds * 1e6) + " µs",
            < 0.9995 => Significant(seconds * 1e3) + " ms",
            _ => Significant(seconds) + " s",
        };
    }

    /// <summary>Formats a byte count with binary units.</summary>
    internal static string FormatBytes(double bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        int unit = 0;
        while (Math.Abs(bytes) >= 1023.5 && unit < units.Length - 1)
        {
            bytes /= 1024;
            unit++;
        }

        return (unit == 0 ? bytes.ToString("0", Inv) : Significant(bytes)) + " " + units[unit];
    }

    /// <summary>Formats an image count compactly: 10, 1k, 100k, 1M.</summary>
    internal static string FormatCount(double count)
    {
        double abs = Math.Abs(count);
        return abs switch
        {
            >= 0.9995e9 => Significant(count / 1e9) + "G",
            >= 0.9995e6 => Significant(count / 1e6) + "M",
            >= 0.9995e3 => Significant(count / 1e3) + "k",
            _ => Significant(count),
        };
    }

    /// <summary>The display name of a storage method: Raw, PNG, LMDB, HDF5, or the name itself.</summary>
    internal static string DisplayName(string method) => StyleOf(method).Display;

    /// <summary>The sort rank of a storage method, known methods first in the article's order.</summary>
    internal static int MethodRank(string method) => StyleOf(method).Rank;

    /// <summary>The experiment's extra parameters as "Key=Value" pairs in key order, empty when there are none.</summary>
    internal static string ExtraText(ResultRow row)
    {
        var extra = row.Extra;
        if (extra is null || extra.Count == 0)
        {
            return string.Empty;
        }

        return string.Join(", ", extra.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
    }

    /// <summary>Orders rows by operation, extra parameters (numbers numerically), count, then method.</summary>
    internal static int CompareRows(ResultRow a, ResultRow b)
    {
        int c = string.CompareOrdinal(a.Operation, b.Operation);
        if (c == 0)
        {
            c = CompareExtras(a.Extra, b.Extra);
        }

        if (c == 0)
        {
            c = a.Count.CompareTo(b.Count);
        }

        if (c == 0)
        {
            c = MethodRank(a.Method).CompareTo(MethodRank(b.Method));
        }

        return c == 0 ? string.CompareOrdinal(a.Method, b.Method) : c;
    }

    private static string Significant(double value)
    {
        double abs = Math.Abs(value);
        string format = abs switch
        {
            >= 100 => "0",
            >= 10 => "0.#",
            >= 1 => "0.##",
            >= 0.1 => "0.###",
            _ => "0.####",
        };
        return value.ToString(format, Inv);
    }

    private static int CompareExtras(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b)
    {
        var keys = (a?.Keys ?? []).Concat(b?.Keys ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (string key in keys)
        {
            string? x = a is not null && a.TryGetValue(key, out string? xv) ? xv : null;
            string? y = b is not null && b.TryGetValue(key, out string? yv) ? yv : null;
            int c = CompareValues(x, y);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    private static int CompareValues(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return (x is null).CompareTo(y is null);
        }

        // Thread counts and sizes must sort 1, 2, 4, 16 rather than 1, 16, 2, 4.
        bool xNumber = double.TryParse(x, NumberStyles.Float, Inv, out double xd);
        bool yNumber = double.TryParse(y, NumberStyles.Float, Inv, out double yd);
        if (xNumber && yNumber)
        {
            return xd.CompareTo(yd);
        }

        return string.CompareOrdinal(x, y);
    }

    private static bool IsExperiment(ResultRow row, string experiment) =>
        string.Equals(row.Experiment, experiment, StringComparison.OrdinalIgnoreCase);

    private static List<ResultRow> OfExperiment(List<ResultRow> rows, string experiment) =>
        rows.Where(r => IsExperiment(r, experiment) && r.Count > 0).ToList();

    private static MethodStyle StyleOf(string method)
    {
        foreach (var style in KnownMethods)
        {
            if (string.Equals(style.Key, method, StringComparison.OrdinalIgnoreCase))
            {
                return style;
            }
        }

        // A stable hash keeps an unknown method's colour the same on every chart of the run.
        int hash = 0;
        foreach (char ch in method)
        {
            hash = unchecked((hash * 31) + ch);
        }

        var color = SpareColors[(int)((uint)hash % (uint)SpareColors.Length)];
        return new MethodStyle(method, method, color, MarkerShape.FilledCircle, KnownMethods.Length);
    }

    private static bool IsRaw(string method) => string.Equals(method, "Raw", StringComparison.OrdinalIgnoreCase);

    private static string KebabCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            char ch = name[i];
            if (!char.IsLetterOrDigit(ch))
            {
                if (sb.Length > 0 && sb[^1] != '-')
                {
                    sb.Append('-');
                }

                continue;
            }

            // A word starts at a lower→upper step ("ParallelRead") or at the last capital of an acronym ("HDFFile").
            bool startsWord = char.IsUpper(ch) && i > 0 &&
                (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) ||
                 (char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1])));
            if (startsWord && sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }

            sb.Append(char.ToLowerInvariant(ch));
        }

        string result = sb.ToString().Trim('-');
        return result.Length == 0 ? "experiment" : result;
    }

    private static string Humanize(string pascal)
    {
        // Method names inside an experiment name keep their usual spelling: "LmdbCommitInterval" → "LMDB commit interval".
        var words = KebabCase(pascal)
            .Split('-', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => KnownMethods.FirstOrDefault(m => string.Equals(m.Key, w, StringComparison.OrdinalIgnoreCase))?.Display ?? w)
            .ToArray();
        if (words.Length == 0)
        {
            return pascal;
        }

        words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
        return string.Join(' ', words);
    }

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        if (SansFont is not null)
        {
            plot.Font.Set(SansFont);
        }

        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Title(title, TitleSize);
        plot.XLabel(xLabel, AxisLabelSize);
        plot.YLabel(yLabel, AxisLabelSize);
        plot.Axes.Bottom.TickLabelStyle.FontSize = TickLabelSize;
        plot.Axes.Left.TickLabelStyle.FontSize = TickLabelSize;
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.15);
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.07);
        // Minor grid lines only help on log axes, where they show the 2–9 steps; UseLogAxis turns them on.
        plot.Grid.MinorLineWidth = 0;
        plot.Legend.FontSize = TickLabelSize;
        // A wide legend symbol is what makes a dashed line recognisable next to its marker.
        plot.Legend.SymbolWidth = 40;
        return plot;
    }

    private static void ShowLegendOutside(Plot plot)
    {
        // Outside the data area a legend can never hide a line or a bar label.
        plot.ShowLegend(ScottPlot.Edge.Right);
    }

    private static string Save(Plot plot, string path, int height)
    {
        plot.SavePng(path, Width, height);
        return path;
    }

    private static (string Unit, double Scale) TimeUnitFor(double maxSeconds) => maxSeconds switch
    {
        >= 1 => ("s", 1),
        >= 1e-3 => ("ms", 1e3),
        >= 1e-6 => ("µs", 1e6),
        _ => ("ns", 1e9),
    };

    private static string VariantKey(ResultRow row) => row.Operation + "\u0001" + ExtraText(row);

    private static string VariantLabel(ResultRow row)
    {
        string extra = ExtraText(row);
        return extra.Length == 0 ? row.Operation : row.Operation + ", " + extra;
    }

    private static List<LineSeries> BuildSeries(List<ResultRow> rows, Func<ResultRow, double> value)
    {
        // Only when an experiment mixes operations or parameters does a series need more than the method's name.
        bool hasVariants = rows.Select(VariantKey).Distinct(StringComparer.Ordinal).Skip(1).Any();
        var variantIndex = rows
            .Select(VariantKey)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select((key, index) => (key, index))
            .ToDictionary(p => p.key, p => p.index, StringComparer.Ordinal);

        return rows
            .GroupBy(r => (Method: StyleOf(r.Method).Key, Variant: VariantKey(r)))
            .Select(g =>
            {
                var first = g.First();
                // Repeated (method, count) rows are averaged rather than drawn as a zig-zag.
                var points = g
                    .GroupBy(r => r.Count)
                    .OrderBy(p => p.Key)
                    .Select(p => (Count: (double)p.Key, Value: p.Average(value)))
                    .ToArray();
                string suffix = hasVariants ? " (" + VariantLabel(first) + ")" : string.Empty;
                return new LineSeries(first.Method, suffix, variantIndex[g.Key.Variant], points);
            })
            .OrderBy(s => MethodRank(s.Method))
            .ThenBy(s => s.Method, StringComparer.Ordinal)
            .ThenBy(s => s.Variant)
            .ToList();
    }

    private static void AddLine(List<PlannedLine> lines, double[] xs, double[] ys, MethodStyle style, LinePattern pattern, bool openMarker, string legend) =>
        lines.Add(new PlannedLine(xs, ys, style.Color, pattern, openMarker ? OpenVariant(style.Marker) : style.Marker, legend));

    private static void DrawLines(Plot plot, List<PlannedLine> lines)
    {
        const float LineWidth = 2.5f;
        const float MarkerSize = 9;
        const float CoveredMarkerSize = 14;

        // Methods can tie (Raw and HDF5 take the same disk space); a line hidden under another one gets larger
        // markers so they peek out, and its legend entry names the line that covers it.
        var allYs = lines.SelectMany(l => l.Ys).Where(double.IsFinite).ToList();
        double tolerance = allYs.Count == 0 ? 0 : (allYs.Max() - allYs.Min()) * 0.0025;
        var legends = lines.Select(l => l.Legend).ToArray();
        var covered = new bool[lines.Count];
        for (int i = 1; i < lines.Count; i++)
        {
            var cover = lines.Take(i).FirstOrDefault(upper => Coincide(upper, lines[i], tolerance));
            if (cover is not null)
            {
                covered[i] = true;
                legends[i] += " (≈ " + cover.Legend + ")";
            }
        }

        // Drawing in reverse puts the first lines, Raw above all, on top.
        for (int i = lines.Count - 1; i >= 0; i--)
        {
            var line = lines[i];
            var scatter = plot.Add.Scatter(line.Xs, line.Ys, line.Color);
            scatter.LineWidth = LineWidth;
            scatter.LinePattern = line.Pattern;
            scatter.MarkerShape = line.Marker;
            scatter.MarkerSize = covered[i] ? CoveredMarkerSize : MarkerSize;
        }

        // The legend is built by hand so that it keeps the article's method order despite the reversed drawing.
        plot.Legend.DisplayPlottableLegendItems = false;
        for (int i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = legends[i],
                LineColor = line.Color,
                LineWidth = LineWidth,
                LinePattern = line.Pattern,
                MarkerShape = line.Marker,
                MarkerSize = MarkerSize,
                MarkerFillColor = line.Color,
                MarkerLineColor = line.Color,
            });
        }
    }

    private static bool Coincide(PlannedLine a, PlannedLine b, double tolerance) =>
        a.Xs.Length == b.Xs.Length &&
        a.Xs.Length > 0 &&
        a.Xs.SequenceEqual(b.Xs) &&
        a.Ys.Zip(b.Ys).All(p => Math.Abs(p.First - p.Second) <= tolerance);

    private static MarkerShape OpenVariant(MarkerShape shape) => shape switch
    {
        MarkerShape.FilledCircle => MarkerShape.OpenCircle,
        MarkerShape.FilledSquare => MarkerShape.OpenSquare,
        MarkerShape.FilledTriangleUp => MarkerShape.OpenTriangleUp,
        MarkerShape.FilledDiamond => MarkerShape.OpenDiamond,
        _ => shape,
    };

    private static double[] Log10(IEnumerable<double> values) => values.Select(Math.Log10).ToArray();

    private static void UseLogAxis(Plot plot, IAxis axis, Func<double, string> format, int decadeOffset = 0)
    {
        axis.TickGenerator = new LogTickGenerator(format, decadeOffset);
        var grid = axis is IXAxis ? plot.Grid.XAxisStyle : plot.Grid.YAxisStyle;
        grid.MinorLineStyle.Width = 1;
    }

    private static void UseLinearAxis(IAxis axis, Func<double, string> format) =>
        axis.TickGenerator = new NumericAutomatic { LabelFormatter = format, TickDensity = 0.6 };

    private static string PlainNumber(double value) => Math.Round(value, 9).ToString("0.#########", Inv);

    private static string WriteManyChart(string path, string title, List<ResultRow> rows, bool log)
    {
        static double Seconds(ResultRow r) => r.MeanNanoseconds / 1e9;
        var series = BuildSeries(rows, Seconds);
        double maxSeconds = series.SelectMany(s => s.Points).Max(p => p.Value);
        var (unit, scale) = TimeUnitFor(maxSeconds);

        var lines = new List<PlannedLine>();
        using var plot = NewPlot(
            title,
            log ? "Images per batch (log scale)" : "Images per batch",
            log ? "Mean time per batch (log scale)" : $"Mean time per batch ({unit})");

        foreach (var s in series)
        {
            var style = StyleOf(s.Method);
            // Raw is the dashed baseline unless patterns are needed to tell an experiment's variants apart.
            var pattern = IsRaw(s.Method) && s.Suffix.Length == 0 ? LinePattern.Dashed : VariantPatterns[s.Variant % VariantPatterns.Length];
            double[] xs = s.Points.Select(p => p.Count).ToArray();
            double[] ys = s.Points.Select(p => p.Value).ToArray();
            if (log)
            {
                AddLine(lines, Log10(xs), Log10(ys), style, pattern, openMarker: false, style.Display + s.Suffix);
            }
            else
            {
                AddLine(lines, xs, ys.Select(y => y * scale).ToArray(), style, pattern, openMarker: false, style.Display + s.Suffix);
            }
        }

        if (log)
        {
            UseLogAxis(plot, plot.Axes.Bottom, FormatCount);
            UseLogAxis(plot, plot.Axes.Left, FormatSeconds);
        }
        else
        {
            UseLinearAxis(plot.Axes.Bottom, FormatCount);
            UseLinearAxis(plot.Axes.Left, PlainNumber);
            // Times and counts are never negative; starting at zero keeps the slopes honest.
            double maxCount = series.SelectMany(s => s.Points).Max(p => p.Count);
            plot.Axes.SetLimits(0, maxCount * 1.04, 0, maxSeconds * scale * 1.06);
        }

        DrawLines(plot, lines);
        ShowLegendOutside(plot);
        return Save(plot, path, MinHeight);
    }

    private static string WriteReadWriteChart(string path, List<ResultRow> store, List<ResultRow> read)
    {
        static double Seconds(ResultRow r) => r.MeanNanoseconds / 1e9;
        var lines = new List<PlannedLine>();
        using var plot = NewPlot(
            "Store vs read many images (log–log): solid = store, dashed = read",
            "Images per batch (log scale)",
            "Mean time per batch (log scale)");

        var storeSeries = BuildSeries(store, Seconds);
        var readSeries = BuildSeries(read, Seconds);
        // Interleave per method so the legend reads "PNG store", "PNG read", "LMDB store", ...
        var methods = storeSeries.Concat(readSeries)
            .Select(s => s.Method)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderBy(MethodRank)
            .ThenBy(m => m, StringComparer.Ordinal);
        foreach (string method in methods)
        {
            var style = StyleOf(method);
            foreach (var s in storeSeries.Where(s => string.Equals(s.Method, method, StringComparison.OrdinalIgnoreCase)))
            {
                var (xs, ys) = (Log10(s.Points.Select(p => p.Count)), Log10(s.Points.Select(p => p.Value)));
                AddLine(lines, xs, ys, style, LinePattern.Solid, openMarker: false, style.Display + " store" + s.Suffix);
            }

            foreach (var s in readSeries.Where(s => string.Equals(s.Method, method, StringComparison.OrdinalIgnoreCase)))
            {
                var (xs, ys) = (Log10(s.Points.Select(p => p.Count)), Log10(s.Points.Select(p => p.Value)));
                AddLine(lines, xs, ys, style, LinePattern.Dashed, openMarker: true, style.Display + " read" + s.Suffix);
            }
        }

        UseLogAxis(plot, plot.Axes.Bottom, FormatCount);
        UseLogAxis(plot, plot.Axes.Left, FormatSeconds);
        DrawLines(plot, lines);
        ShowLegendOutside(plot);
        return Save(plot, path, MinHeight);
    }

    private static string WriteDiskChart(string path, List<ResultRow> rows)
    {
        const double MiB = 1024.0 * 1024.0;
        var lines = new List<PlannedLine>();
        using var plot = NewPlot("Disk usage of the store (log–log)", "Images stored (log scale)", "Disk usage (MiB, log scale)");

        // The store's size does not depend on the operation, so one point per (method, count) is enough.
        var byMethod = rows
            .GroupBy(r => StyleOf(r.Method).Key, StringComparer.Ordinal)
            .OrderBy(g => MethodRank(g.Key))
            .ThenBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in byMethod)
        {
            var style = StyleOf(group.Key);
            var points = group
                .GroupBy(r => r.Count)
                .OrderBy(p => p.Key)
                .Select(p => (Count: (double)p.Key, MiB: p.Max(r => r.DiskBytes ?? 0) / MiB))
                .ToArray();
            var pattern = IsRaw(group.Key) ? LinePattern.Dashed : LinePattern.Solid;
            AddLine(lines, Log10(points.Select(p => p.Count)), Log10(points.Select(p => p.MiB)), style, pattern, openMarker: false, style.Display);
        }

        UseLogAxis(plot, plot.Axes.Bottom, FormatCount);
        UseLogAxis(plot, plot.Axes.Left, PlainNumber);
        DrawLines(plot, lines);
        ShowLegendOutside(plot);
        return Save(plot, path, MinHeight);
    }

    private static string WriteSingleChart(string path, List<ResultRow> rows)
    {
        // Store groups come before read groups, as in the article's table.
        var ordered = rows
            .OrderBy(r => IsExperiment(r, StoreSingle) ? 0 : 1)
            .ThenBy(r => r, Comparer<ResultRow>.Create(CompareRows))
            .ToList();

        string GroupLabel(ResultRow r)
        {
            string verb = IsExperiment(r, StoreSingle) ? "Store" : "Read";
            string label = string.Equals(r.Operation, verb, StringComparison.OrdinalIgnoreCase) ? verb : verb + " (" + r.Operation + ")";
            string extra = ExtraText(r);
            if (extra.Length > 0)
            {
                label += " [" + extra + "]";
            }

            return r.Count == 1 ? label : label + " ×" + FormatCount(r.Count);
        }

        return WriteBarChart(path, "Single image: mean time per operation", ordered, GroupLabel);
    }

    private static string WriteGenericChart(string path, string experiment, List<ResultRow> rows)
    {
        var ordered = rows.OrderBy(r => r, Comparer<ResultRow>.Create(CompareRows)).ToList();

        // Only the parts that vary tell groups apart; the constant parts go into the title once.
        bool operationVaries = ordered.Select(r => r.Operation).Distinct(StringComparer.Ordinal).Skip(1).Any();
        bool countVaries = ordered.Select(r => r.Count).Distinct().Skip(1).Any();
        var extraKeys = ordered
            .SelectMany(r => r.Extra?.Keys ?? Enumerable.Empty<string>())
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var varyingKeys = extraKeys
            .Where(k => ordered.Select(r => ExtraValue(r, k)).Distinct(StringComparer.Ordinal).Skip(1).Any())
            .ToList();

        string GroupLabel(ResultRow r)
        {
            var parts = new List<string>();
            if (operationVaries)
            {
                parts.Add(r.Operation);
            }

            foreach (string key in varyingKeys)
            {
                parts.Add(key + " = " + ExtraValue(r, key));
            }

            if (countVaries)
            {
                parts.Add(FormatCount(r.Count) + (r.Count == 1 ? " image" : " images"));
            }

            return parts.Count == 0 ? r.Operation : string.Join(", ", parts);
        }

        var constant = new List<string>();
        if (!operationVaries)
        {
            constant.Add(ordered[0].Operation);
        }

        foreach (string key in extraKeys.Except(varyingKeys, StringComparer.Ordinal))
        {
            constant.Add(key + " = " + ExtraValue(ordered[0], key));
        }

        // A row without a Count parameter reports 1; only a real count belongs in the title.
        if (!countVaries && ordered[0].Count > 1)
        {
            constant.Add(FormatCount(ordered[0].Count) + (ordered[0].Count == 1 ? " image" : " images"));
        }

        string title = Humanize(experiment) + ": mean time per operation";
        if (constant.Count > 0)
        {
            // A long title would run past the figure's edges, so the constant parameters move to a second line.
            string details = "(" + string.Join(", ", constant) + ")";
            title += title.Length + details.Length > 70 ? "\n" + details : " " + details;
        }

        return WriteBarChart(path, title, ordered, GroupLabel);
    }

    private static string ExtraValue(ResultRow row, string key) =>
        row.Extra is not null && row.Extra.TryGetValue(key, out string? value) ? value : "–";

    private static string WriteBarChart(string path, string title, List<ResultRow> ordered, Func<ResultRow, string> groupLabel)
    {
        var groups = new List<string>();
        foreach (var row in ordered)
        {
            string label = groupLabel(row);
            if (!groups.Contains(label, StringComparer.Ordinal))
            {
                groups.Add(label);
            }
        }

        var methods = ordered
            .Select(r => StyleOf(r.Method).Key)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(MethodRank)
            .ThenBy(m => m, StringComparer.Ordinal)
            .ToList();

        // Rows sharing a group and method (e.g. identical labels) are averaged so each slot holds one bar.
        var cells = ordered
            .GroupBy(r => (Group: groupLabel(r), Method: StyleOf(r.Method).Key))
            .ToDictionary(g => g.Key, g => g.Average(r => r.MeanNanoseconds) / 1e9);

        double min = cells.Values.Min();
        double max = cells.Values.Max();
        bool log = max / min > 100;
        var (unit, scale) = TimeUnitFor(max);

        // Horizontal bars leave room for long group names on the axis and for value labels past each bar's end.
        int slotsPerGroup = methods.Count + 1;
        int slots = (groups.Count * slotsPerGroup) - 1;
        int height = Math.Max(MinHeight, (slots * PixelsPerBarSlot) + 190);
        // Log bars start at a whole decade below the shortest bar; values are stored relative to it because
        // ScottPlot puts the label of a bar with a negative value on the wrong side.
        int logBase = (int)Math.Floor(Math.Log10(min) - 0.3);

        using var plot = NewPlot(
            title,
            log ? "Mean time per operation (log scale)" : $"Mean time per operation ({unit})",
            string.Empty);

        for (int m = 0; m < methods.Count; m++)
        {
            var style = StyleOf(methods[m]);
            var bars = new List<Bar>();
            for (int g = 0; g < groups.Count; g++)
            {
                if (!cells.TryGetValue((groups[g], methods[m]), out double seconds))
                {
                    continue;
                }

                // Groups run top to bottom, and so do methods inside a group, hence positions count down.
                double position = slots - 1 - ((g * slotsPerGroup) + m);
                bars.Add(new Bar
                {
                    Position = position,
                    Value = log ? Math.Log10(seconds) - logBase : seconds * scale,
                    ValueBase = 0,
                    Size = 0.8,
                    FillColor = style.Color,
                    LineWidth = 0,
                    ValueLabel = FormatSeconds(seconds),
                });
            }

            if (bars.Count == 0)
            {
                continue;
            }

            var barPlot = plot.Add.Bars(bars);
            barPlot.Horizontal = true;
            barPlot.LegendText = style.Display;
            barPlot.ValueLabelStyle.FontSize = 13;
            if (SansFont is not null)
            {
                barPlot.ValueLabelStyle.FontName = SansFont;
            }
        }

        double[] groupCenters = Enumerable.Range(0, groups.Count)
            .Select(g => slots - 1 - ((g * slotsPerGroup) + ((methods.Count - 1) / 2.0)))
            .ToArray();
        plot.Axes.Left.SetTicks(groupCenters, groups.ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Grid.YAxisStyle.IsVisible = false;

        // A chart with few bars gets empty space above and below rather than bars as thick as a hand.
        const double MaxSlotPixels = 44;
        double span = slots + 0.4;
        double pad = Math.Max(0, (((height - 150) / MaxSlotPixels) - span) / 2);
        double bottom = -0.7 - pad;
        double topSlot = slots - 0.3 + pad;

        // The extra room past the longest bar is for its value label.
        if (log)
        {
            UseLogAxis(plot, plot.Axes.Bottom, FormatSeconds, logBase);
            double top = Math.Log10(max) - logBase;
            plot.Axes.SetLimits(0, top * 1.15, bottom, topSlot);
        }
        else
        {
            UseLinearAxis(plot.Axes.Bottom, PlainNumber);
            plot.Axes.SetLimits(0, max * scale * 1.18, bottom, topSlot);
        }

        ShowLegendOutside(plot);
        return Save(plot, path, height);
    }

    private sealed record MethodStyle(string Key, string Display, Color Color, MarkerShape Marker, int Rank);

    private sealed record PlannedLine(double[] Xs, double[] Ys, Color Color, LinePattern Pattern, MarkerShape Marker, string Legend);

    private sealed record LineSeries(string Method, string Suffix, int Variant, (double Count, double Value)[] Points);

    /// <summary>Ticks for an axis holding log10 of the data, less a whole number of decades: labelled decades and 2–9 minors.</summary>
    private sealed class LogTickGenerator(Func<double, string> format, int decadeOffset = 0) : ITickGenerator
    {
        private static readonly int[] DecadeSteps = [1, 2, 3, 5, 10, 20, 50];

        /// <summary>Gets or sets the ticks of the last regeneration.</summary>
        public Tick[] Ticks { get; set; } = [];

        /// <summary>Gets or sets the most ticks ScottPlot may ask for.</summary>
        public int MaxTickCount { get; set; } = 10_000;

        /// <summary>Recomputes the ticks for the visible range of the axis.</summary>
        public void Regenerate(CoordinateRange range, ScottPlot.Edge edge, PixelLength size, Paint paint, LabelStyle labelStyle)
        {
            double lo = Math.Min(range.Min, range.Max);
            double hi = Math.Max(range.Min, range.Max);
            if (!double.IsFinite(lo) || !double.IsFinite(hi) || hi <= lo || size.Length <= 0 || hi - lo > 300)
            {
                Ticks = [];
                return;
            }

            // Labels on a vertical axis stack by line height; on a horizontal one they need their full width.
            bool vertical = edge is ScottPlot.Edge.Left or ScottPlot.Edge.Right;
            double minSpacing = vertical ? 34 : 80;
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
                    ticks.Add(k % step == 0 || labelAll ? Tick.Major(k, format(PowerOfTen(1, k + decadeOffset))) : Tick.Minor(k));
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
                        ticks.Add(Tick.Major(position, format(PowerOfTen(mantissa, k + decadeOffset))));
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
}
