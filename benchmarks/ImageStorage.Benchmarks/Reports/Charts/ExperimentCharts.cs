namespace ImageStorage.Benchmarks.Reports.Charts;

/// <summary>Composes a planned chart from the chart kinds: its title (naming what was measured), axes and panels.</summary>
public static class ExperimentCharts
{
    /// <summary>Draws <paramref name="spec"/> from <paramref name="rows"/> into <paramref name="file"/> and returns the title drawn.</summary>
    public static string Draw(ChartSpec spec, IReadOnlyList<ResultRow> rows, string file)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(rows);
        return spec.Kind switch
        {
            ChartKind.TimeByCount => TimeByCount(spec, rows, file),
            ChartKind.DiskByCount => DiskByCount(spec, rows, file),
            ChartKind.DiskAndTime => DiskAndTime(spec, rows, file),
            ChartKind.RateByGroup => RateByGroup(spec, rows, file),
            _ => TimeByGroup(spec, rows, file),
        };
    }

    private static string TimeByCount(ChartSpec spec, IReadOnlyList<ResultRow> rows, string file)
    {
        int fewest = rows.Min(r => r.Count), most = rows.Max(r => r.Count);
        string counts = fewest == most ? Units.Count(most) : $"{Units.Count(fewest)} to {Units.Count(most)}";
        string title = $"{spec.Title}\n(N = {counts} images; whiskers: fastest to slowest iteration)";
        using var plot = ChartStyle.NewPlot(title, "Images in the store, N (log scale)", "Time per operation (log scale)");
        LineChart.Draw(plot, SeriesBuilder.ByCount(rows));
        Figure.Save(file, (plot, ChartStyle.MinHeight + 40));
        return title;
    }

    private static string DiskByCount(ChartSpec spec, IReadOnlyList<ResultRow> rows, string file)
    {
        // One store per method and count: the operation does not change the store, so one row per (count, method).
        var stores = rows.GroupBy(r => (r.Count, r.Method)).Select(g => g.First()).OrderBy(r => r.Count).ToList();
        var groups = SeriesBuilder.ByLabel(stores, r => $"{Units.Images(r.Count)}\nRaw {Units.Bytes(RawDisk(r))}");
        string title = $"{spec.Title}\n(Raw = 1; allocated blocks, as du counts them)";
        using var plot = ChartStyle.NewPlot(title, string.Empty, "Disk used ÷ Raw's");
        BarChart.Draw(plot, groups, r => r.DiskRatioToRaw, Units.Ratio, reference: 1);
        Figure.Save(file, (plot, ChartStyle.MinHeight));
        return title;
    }

    private static string TimeByGroup(ChartSpec spec, IReadOnlyList<ResultRow> rows, string file)
    {
        string title = Titled(spec.Title, rows);
        using var plot = ChartStyle.NewPlot(title, "Time per operation (whiskers: fastest to slowest iteration)", string.Empty);
        int height = DotPlot.Draw(plot, SeriesBuilder.ByLabel(rows, SeriesBuilder.Label(rows)));
        Figure.Save(file, (plot, height));
        return title;
    }

    private static string DiskAndTime(ChartSpec spec, IReadOnlyList<ResultRow> rows, string file)
    {
        string title = Titled(spec.Title, rows);
        var label = SeriesBuilder.Label(rows);

        // The disk panel needs one bar per store; the store and read rows of a case describe the same store.
        var stores = rows.Where(r => r.DiskRatioToRaw is not null).GroupBy(r => (Label: StoreLabel(rows, r), r.Method)).Select(g => g.First()).ToList();
        using var disk = ChartStyle.NewPlot(title + "\n\nDisk used ÷ Raw's (Raw = 1)", string.Empty, "Disk used ÷ Raw's");
        BarChart.Draw(disk, SeriesBuilder.ByLabel(stores, r => StoreLabel(rows, r)), r => r.DiskRatioToRaw, Units.Ratio, reference: 1);

        using var time = ChartStyle.NewPlot("Time per operation", "Time per operation (whiskers: fastest to slowest iteration)", string.Empty);
        int height = DotPlot.Draw(time, SeriesBuilder.ByLabel(rows, label));
        Figure.Save(file, (disk, ChartStyle.MinHeight), (time, height));
        return title;
    }

    /// <summary>The longest title line, in characters, that fits across a figure at the charts' title font.</summary>
    public const int MaxTitleLine = 90;

    private static string RateByGroup(ChartSpec spec, IReadOnlyList<ResultRow> rows, string file)
    {
        // Methods may differ in image count (PNG reads fewer): groups leave the count out, the title says it.
        bool mixed = rows.Select(r => r.Count).Distinct().Skip(1).Any();
        var counts = rows.GroupBy(r => r.Count).OrderByDescending(g => g.Key)
            .Select(g => Units.Images(g.Key) + (mixed ? " for " + string.Join(", ", SeriesBuilder.Methods(g).Select(CaseText.Method)) : string.Empty));
        string title = $"{spec.Title}\n({string.Join("; ", counts)}; mean of the iterations)";
        if (title.Split('\n').Max(line => line.Length) > MaxTitleLine)
        {
            // Eight methods at one count and PNG at another make a line wider than the figure: one count a line.
            title = $"{spec.Title}\n({string.Join(";\n", counts)};\nmean of the iterations)";
        }

        // One panel per layout, so that each holds few enough bars for their values to be read.
        var panels = rows.GroupBy(r => r.Parameter(nameof(Training.Epoch.Layout)) ?? string.Empty)
            .OrderBy(g => CaseText.Order(nameof(Training.Epoch.Layout), g.Key))
            .Select(g => g.ToList())
            .ToList();
        var plots = new List<(ScottPlot.Plot Plot, int Height)>();
        foreach (var panel in panels)
        {
            var label = SeriesBuilder.Label(panel, includeCount: false);
            string layout = panel[0].Parameter(nameof(Training.Epoch.Layout)) is { } value && panels.Count > 1 ? CaseText.Parameter(nameof(Training.Epoch.Layout), value) : string.Empty;
            var plot = ChartStyle.NewPlot(plots.Count == 0 ? title + (layout.Length > 0 ? "\n\n" + layout : string.Empty) : layout, string.Empty, "Images per second");
            BarChart.Draw(plot, SeriesBuilder.ByLabel(panel, r => label(r).Replace(", ", "\n", StringComparison.Ordinal)), r => r.Count / r.MeanSeconds, Units.ShortCount, reference: null);
            plots.Add((plot, ChartStyle.MinHeight));
        }

        try
        {
            Figure.Save(file, [.. plots]);
        }
        finally
        {
            plots.ForEach(p => p.Plot.Dispose());
        }

        return title;
    }

    // A store's label leaves the operation out: storing and reading a case use the same store.
    private static string StoreLabel(IReadOnlyList<ResultRow> rows, ResultRow row)
    {
        var reads = rows.Where(r => r.Operation == row.Operation).ToList();
        return SeriesBuilder.Label(reads)(row).Replace(", ", "\n", StringComparison.Ordinal);
    }

    private static long RawDisk(ResultRow row) =>
        row.DiskBytes is long bytes && row.DiskRatioToRaw is double ratio && ratio > 0 ? (long)Math.Round(bytes / ratio) : 0;

    private static string Titled(string question, IReadOnlyList<ResultRow> rows)
    {
        string constant = SeriesBuilder.Constant(rows);
        return constant.Length == 0 ? question : $"{question}\n({constant})";
    }
}
