using ImageStorage.Benchmarks.Macro;
using ImageStorage.Benchmarks.Micro;
using ImageStorage.Benchmarks.Questions;

namespace ImageStorage.Benchmarks.Reports.Pages;

/// <summary>One sentence of a run's summary: what the run measured for one question, in the numbers of its tables.</summary>
/// <param name="Experiment">The benchmark class whose rows the sentence states (the page links its table).</param>
/// <param name="Text">The sentence.</param>
public sealed record Finding(string Experiment, string Text);

/// <summary>
/// The summary's sentences, one per article question the run measured, generated from the result rows alone and
/// formatted with <see cref="Units"/> exactly as the tables are, so every number in a sentence stands in a table.
/// </summary>
public static class Findings
{
    /// <summary>The sentences for <paramref name="rows"/>, in the page's order of questions.</summary>
    public static IReadOnlyList<Finding> Of(IReadOnlyList<ResultRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var found = new List<Finding>();
        void Add(string experiment, string? text)
        {
            if (text is not null)
            {
                found.Add(new Finding(experiment, text));
            }
        }

        var read = Largest(Of(rows, nameof(ReadMany)));
        var store = Largest(Of(rows, nameof(StoreMany)));
        Add(nameof(ReadMany), AgainstRaw($"Read {Images(read)} (open the store, read them all, close)", read));
        Add(nameof(StoreMany), AgainstRaw($"Store {Images(store)} as a new store", store));
        var disk = store.Any(r => r.DiskRatioToRaw is not null) ? store : read;
        Add(disk.FirstOrDefault()?.Experiment ?? nameof(StoreMany), DiskAgainstRaw($"Disk used by a store of {Images(disk)}", disk));
        Add(nameof(StoreSingle), AgainstRaw("Store one image (create a store, add it, commit)", Of(rows, nameof(StoreSingle))));
        var single = Of(rows, nameof(ReadSingle));
        foreach (var operation in single.GroupBy(r => r.Operation))
        {
            string lead = operation.Key == nameof(ReadSingle.OpenReadClose)
                ? $"Read one image, opening and closing a store of {Units.Count(long.Parse(operation.First().Parameter(nameof(ReadSingle.StoreCount)) ?? "0", System.Globalization.CultureInfo.InvariantCulture))}"
                : "Read one image from a store already open";
            Add(nameof(ReadSingle), AgainstRaw(lead, [.. operation]));
        }

        var parallel = Of(rows, nameof(ParallelRead));
        Add(nameof(ParallelRead), Across(l => $"Read {Images(parallel)} from one open store on {l}", nameof(ParallelRead.Threads), parallel));
        var split = Of(rows, nameof(SplitRead));
        Add(nameof(SplitRead), Across(l => $"Read {Images(split)} from a store split into one part per thread, on {l}", nameof(SplitRead.Threads), split));
        var order = Of(rows, nameof(AccessOrder));
        Add(nameof(AccessOrder), Across(l => $"Read {Images(order)}: {l}", nameof(AccessOrder.Order), order));
        List<ResultRow> large = [.. Of(rows, nameof(LargeImages)).Where(r => r.Operation == nameof(LargeImages.Read))];
        string Sized(string size) => $"{CaseText.Parameter(nameof(LargeImages.Size), size)} ({Units.Images(large.First(r => r.Parameter(nameof(LargeImages.Size)) == size).Count)})";
        Add(nameof(LargeImages), Across(l => $"Large images, disk used ÷ Raw's at {l}", nameof(LargeImages.Size), large, r => Units.Ratio(r.DiskRatioToRaw ?? double.NaN), Sized));
        Add(nameof(LargeImages), Across(l => $"Large images, read at {l}", nameof(LargeImages.Size), large, label: Sized));
        Add(nameof(EncodedRecords), Encoded(Of(rows, nameof(EncodedRecords))));
        foreach (var operation in Of(rows, nameof(PngCodecStores)).GroupBy(r => r.Operation))
        {
            string verb = operation.Key == nameof(PngCodecStores.Store) ? "Store" : "Read";
            Add(nameof(PngCodecStores), Across(l => $"{verb} {Images([.. operation])}, PNG with the {l} codec", nameof(PngCodecStores.Codec), [.. operation], label: v => v));
        }

        var checksums = Of(rows, nameof(ChecksumReads));
        Add(nameof(ChecksumReads), Across(l => $"Read {Images(checksums)} with {l}", nameof(ChecksumReads.Checksums), checksums));
        var folds = Of(rows, nameof(KFoldRead));
        Add(nameof(KFoldRead), AgainstRaw($"Read the training split (4 of 5 folds) of {Images(folds)}", folds));
        var transactions = Of(rows, nameof(LmdbTransactions));
        Add(nameof(LmdbTransactions), Across(l => $"Store {Images(transactions)} in LMDB with {l}", nameof(LmdbTransactions.RecordsPerTransaction), transactions));
        return found;
    }

    private static List<ResultRow> Of(IReadOnlyList<ResultRow> rows, string experiment) => [.. rows.Where(r => r.Experiment == experiment)];

    private static List<ResultRow> Largest(List<ResultRow> rows) => rows.Count == 0 ? rows : [.. rows.Where(r => r.Count == rows.Max(x => x.Count))];

    private static string Images(List<ResultRow> rows) => rows.Count == 0 ? string.Empty : Units.Images(rows[0].Count);

    // "Lead: Raw 35.5 ms; HDF5 0.91× Raw, LMDB 1.28×, PNG 59.6×." — fastest first; times alone where Raw did not run.
    private static string? AgainstRaw(string lead, List<ResultRow> rows)
    {
        if (rows.Count == 0)
        {
            return null;
        }

        var raw = rows.FirstOrDefault(r => r.IsRaw);
        var others = rows.Where(r => !r.IsRaw).OrderBy(r => r.MeanNanoseconds).ToList();
        if (raw is null || others.Any(r => r.RatioToRaw is null))
        {
            return $"{lead}: {string.Join(", ", others.Select(r => $"{CaseText.Method(r.Method)} {Units.Time(r.MeanSeconds)}"))}.";
        }

        return $"{lead}: Raw {Units.Time(raw.MeanSeconds)}; {Ratios(others, r => r.RatioToRaw!.Value)}.";
    }

    private static string? DiskAgainstRaw(string lead, List<ResultRow> rows)
    {
        var stores = rows.Where(r => r.DiskRatioToRaw is not null).GroupBy(r => r.Method).Select(g => g.First()).ToList();
        var raw = stores.FirstOrDefault(r => r.IsRaw);
        if (raw?.DiskBytes is not long rawBytes)
        {
            return null;
        }

        var others = stores.Where(r => !r.IsRaw).OrderBy(r => r.DiskRatioToRaw).ToList();
        return $"{lead}: Raw {Units.Bytes(rawBytes)}; {Ratios(others, r => r.DiskRatioToRaw!.Value)}.";
    }

    private static string Ratios(List<ResultRow> rows, Func<ResultRow, double> ratio) =>
        string.Join(", ", rows.Select((r, i) => $"{CaseText.Method(r.Method)} {Units.Ratio(ratio(r))}{(i == 0 ? " Raw" : string.Empty)}"));

    // "Lead(a / b / c): Raw x / y / z, PNG …." — one value per parameter value, in reading order (as the tables list them).
    private static string? Across(Func<string, string> lead, string parameter, List<ResultRow> rows, Func<ResultRow, string>? value = null, Func<string, string>? label = null)
    {
        if (rows.Count == 0)
        {
            return null;
        }

        value ??= r => Units.Time(r.MeanSeconds);
        label ??= v => CaseText.Parameter(parameter, v);
        var values = rows.Select(r => r.Parameter(parameter) ?? string.Empty).Distinct(StringComparer.Ordinal).OrderBy(v => CaseText.Order(parameter, v)).ToList();
        var methods = rows.Select(r => r.Method).Distinct(StringComparer.Ordinal).OrderBy(CaseText.MethodRank).Select(m =>
        {
            var cells = values.Select(v => rows.FirstOrDefault(r => r.Method == m && r.Parameter(parameter) == v) is { } r ? value(r) : "–");
            return $"{CaseText.Method(m)} {string.Join(" / ", cells)}";
        });
        return $"{lead(string.Join(" / ", values.Select(label)))}: {string.Join(", ", methods)}.";
    }

    // For each method that stored both: what PNG records cost against its own raw-pixel records.
    private static string? Encoded(List<ResultRow> rows)
    {
        string encoding = nameof(EncodedRecords.Encoding);
        ResultRow? Find(string method, string operation, RecordEncoding e) =>
            rows.FirstOrDefault(r => r.Method == method && r.Operation == operation && r.Parameter(encoding) == e.ToString());
        var parts = new List<string>();
        foreach (string method in rows.Select(r => r.Method).Distinct(StringComparer.Ordinal).OrderBy(CaseText.MethodRank))
        {
            var (pngRead, rawRead) = (Find(method, nameof(EncodedRecords.Read), RecordEncoding.Png), Find(method, nameof(EncodedRecords.Read), RecordEncoding.Raw));
            var (pngStore, rawStore) = (Find(method, nameof(EncodedRecords.Store), RecordEncoding.Png), Find(method, nameof(EncodedRecords.Store), RecordEncoding.Raw));
            if (pngRead is null || rawRead is null)
            {
                continue;
            }

            string disk = pngRead.DiskBytes is long p && rawRead.DiskBytes is long q && q > 0 ? $"disk {Units.Ratio((double)p / q)}, " : string.Empty;
            string storing = pngStore is not null && rawStore is not null ? $", store {Units.Ratio(pngStore.MeanNanoseconds / rawStore.MeanNanoseconds)}" : string.Empty;
            parts.Add($"{CaseText.Method(method)} {disk}read {Units.Ratio(pngRead.MeanNanoseconds / rawRead.MeanNanoseconds)}{storing}");
        }

        return parts.Count == 0 ? null : $"PNG records instead of raw pixels ({Images(rows)}), against the same method's raw-pixel store: {string.Join("; ", parts)}.";
    }
}
