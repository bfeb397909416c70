using ImageStorage.Benchmarks.Macro;
using ImageStorage.Benchmarks.Micro;
using ImageStorage.Benchmarks.Questions;
using ImageStorage.Benchmarks.Training;

namespace ImageStorage.Benchmarks.Reports.Charts;

/// <summary>The kinds of chart an experiment can get.</summary>
public enum ChartKind
{
    /// <summary>Time against image count, log–log, with whiskers (<see cref="LineChart"/>).</summary>
    TimeByCount,

    /// <summary>Disk ÷ Raw's per image count, linear bars (<see cref="BarChart"/>).</summary>
    DiskByCount,

    /// <summary>Time per operation by group, dots with whiskers (<see cref="DotPlot"/>).</summary>
    TimeByGroup,

    /// <summary>Disk ÷ Raw's bars above time dots: for experiments that trade one for the other.</summary>
    DiskAndTime,

    /// <summary>Images per second by group, linear bars (<see cref="BarChart"/>): for operations over every image of a store.</summary>
    RateByGroup,
}

/// <summary>A chart the suite draws: its file name, the question its title asks, the experiments it draws and how.</summary>
/// <param name="Name">The file name without .png (also its anchor on the page).</param>
/// <param name="Title">The question, in the chart's own title (the page adds what the run measured).</param>
/// <param name="Experiments">The benchmark classes whose rows it draws; the first that has rows, for disk charts.</param>
/// <param name="Kind">How it is drawn.</param>
public sealed record ChartSpec(string Name, string Title, IReadOnlyList<string> Experiments, ChartKind Kind);

/// <summary>A chart written for a run.</summary>
/// <param name="Name">Its name (file stem and anchor).</param>
/// <param name="File">The PNG file.</param>
/// <param name="Title">Its title as drawn, which names what was measured.</param>
/// <param name="Experiments">The experiments it shows (the page links their tables).</param>
public sealed record Chart(string Name, string File, string Title, IReadOnlyList<string> Experiments);

/// <summary>
/// The one list of the suite's charts, in page order, and the planner that draws those a run has rows for (plus a
/// dot plot for any experiment the list does not know yet). The page and <c>--list-charts</c> (which .ci/run uses) read it.
/// </summary>
public static class ChartPlan
{
    /// <summary>Every chart the suite knows, in the order the page shows them.</summary>
    public static IReadOnlyList<ChartSpec> Known { get; } =
    [
        new("read-many", "Read many: open a store of N images, read them all, close", [nameof(ReadMany)], ChartKind.TimeByCount),
        new("store-many", "Store many: write N images as a new store, committed", [nameof(StoreMany)], ChartKind.TimeByCount),
        new("disk-usage", "Disk used by each store ÷ Raw's, per image count", [nameof(StoreMany), nameof(ReadMany)], ChartKind.DiskByCount),
        new("single", "One image at a time", [nameof(StoreSingle), nameof(ReadSingle)], ChartKind.TimeByGroup),
        new("parallel-read", "Parallel readers: threads sharing one open store", [nameof(ParallelRead)], ChartKind.TimeByGroup),
        new("split-read", "Parallel readers: one part of a split store per thread", [nameof(SplitRead)], ChartKind.TimeByGroup),
        new("access-order", "Access order: one range, or one by one in key or random order", [nameof(AccessOrder)], ChartKind.TimeByGroup),
        new("large-images", "Large images: one budget of pixels stored as images of three sizes", [nameof(LargeImages)], ChartKind.DiskAndTime),
        new("encoded-records", "Encoded records: PNG bytes instead of pixels", [nameof(EncodedRecords)], ChartKind.DiskAndTime),
        new("png-codec-stores", "PNG codecs: a store of N images written and read with each", [nameof(PngCodecStores)], ChartKind.TimeByGroup),
        new("checksum-reads", "Checksums: read many with every image's CRC-32 checked, or not", [nameof(ChecksumReads)], ChartKind.TimeByGroup),
        new("k-fold-read", "k-fold: read the training split of 5 stratified folds", [nameof(KFoldRead)], ChartKind.TimeByGroup),
        new("lmdb-transactions", "LMDB: how many records per write transaction?", [nameof(LmdbTransactions)], ChartKind.TimeByGroup),
        new("epoch", "Training: images per second of an epoch in batches of 256, page cache warm", [nameof(Epoch), nameof(TensorEpoch)], ChartKind.RateByGroup),
        new("epoch-cold", "Training from disk: images per second of an epoch, the store evicted from the cache", [nameof(ColdEpoch), nameof(ColdEpochBaseline)], ChartKind.RateByGroup),
        new("epoch-compute", "Training: does read-ahead hide the loading behind a 2 ms step per batch?", [nameof(EpochWithCompute)], ChartKind.TimeByGroup),
    ];

    /// <summary>The known charts' names.</summary>
    public static IEnumerable<string> Names => Known.Select(c => c.Name);

    /// <summary>Draws every chart <paramref name="rows"/> have data for into <paramref name="directory"/>.</summary>
    public static IReadOnlyList<Chart> Write(IReadOnlyList<ResultRow> rows, string directory)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Directory.CreateDirectory(directory);
        var charts = new List<Chart>();
        foreach (var spec in Known.Concat(Unknown(rows)))
        {
            var drawn = spec.Kind == ChartKind.DiskByCount
                ? spec.Experiments.Select(e => Rows(rows, e).Where(r => r.DiskRatioToRaw is not null).ToList()).FirstOrDefault(r => r.Count > 0) ?? []
                : spec.Experiments.SelectMany(e => Rows(rows, e)).ToList();
            if (drawn.Count == 0)
            {
                continue;
            }

            string file = Path.Combine(directory, spec.Name + ".png");
            string title = ExperimentCharts.Draw(spec, drawn, file);
            charts.Add(new Chart(spec.Name, file, title, [.. drawn.Select(r => r.Experiment).Distinct(StringComparer.Ordinal)]));
        }

        return charts;
    }

    private static List<ResultRow> Rows(IReadOnlyList<ResultRow> rows, string experiment) =>
        [.. rows.Where(r => r.Experiment == experiment && double.IsFinite(r.MeanNanoseconds) && r.MeanNanoseconds > 0)];

    // An experiment added to the suite later still gets a chart, named after it, until the list above learns it.
    private static IEnumerable<ChartSpec> Unknown(IReadOnlyList<ResultRow> rows) =>
        rows.Select(r => r.Experiment).Distinct(StringComparer.Ordinal)
            .Where(e => !Known.Any(k => k.Experiments.Contains(e)))
            .Select(e => new ChartSpec(KebabCase(e), e, [e], ChartKind.TimeByGroup));

    private static string KebabCase(string name) =>
        string.Concat(name.Select((ch, i) => char.IsUpper(ch) && i > 0 ? "-" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));
}
