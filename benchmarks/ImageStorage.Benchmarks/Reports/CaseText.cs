using System.Globalization;
using ImageStorage.Benchmarks.Micro;
using ImageStorage.Benchmarks.Questions;
using ImageStorage.Benchmarks.Training;
using ImageStorage.Loading;

namespace ImageStorage.Benchmarks.Reports;

/// <summary>
/// How the parts of a benchmark case read for people, with their units: "PNG", "32×32 px", "all in one
/// transaction", "open, read, close". Charts, tables and sentences all take their words from here.
/// </summary>
public static class CaseText
{
    /// <summary>The display name of a storage method: PNG, LMDB, HDF5 for the article's, the kind's own name otherwise.</summary>
    public static string Method(string method) =>
        Enum.TryParse<StoreKind>(method, out var kind) && Enum.IsDefined(kind) ? ImageStores.DisplayName(kind) : method;

    /// <summary>Where a storage method sorts: Raw first, then the library's order of kinds, then anything unknown.</summary>
    public static int MethodRank(string method) =>
        Enum.TryParse<StoreKind>(method, out var kind) ? (kind == StoreKind.Raw ? -1 : (int)kind) : int.MaxValue;

    /// <summary>A benchmark method (the operation timed) in words.</summary>
    public static string Operation(string operation) => operation switch
    {
        nameof(ReadSingle.OpenReadClose) => "open, read one, close",
        nameof(ReadSingle.ReadOpenStore) => "read one from an open store",
        nameof(StoreSingle.Store) => "store",
        nameof(AccessOrder.Read) => "read",
        nameof(Epoch.OneEpoch) => "one epoch",
        nameof(TensorEpoch.OneEpochAsTensors) => "TorchSharp",
        nameof(ColdEpochBaseline.ReadFiles) => "files front to back (dd)",
        nameof(EpochWithCompute.ComputeOnly) => "2 ms steps only, no loading",
        nameof(EpochWithCompute.LoadAndCompute) => "loading + a 2 ms step per batch",
        _ => operation,
    };

    /// <summary>A parameter value with its unit.</summary>
    public static string Parameter(string name, string value)
    {
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long number);
        return name switch
        {
            SummaryRows.CountParameter => Units.Images(number),
            nameof(LargeImages.Size) => $"{value}×{value} px",
            nameof(ParallelRead.Threads) => number == 1 ? "1 thread" : $"{value} threads",
            nameof(LmdbTransactions.RecordsPerTransaction) => number == 0 ? "all in one transaction" : $"a transaction every {Units.Count(number)} records",
            nameof(EncodedRecords.Encoding) => value == nameof(RecordEncoding.Png) ? "PNG records" : "raw pixels",
            nameof(PngCodecStores.Codec) => $"{value} codec",
            nameof(ChecksumReads.Checksums) => value == bool.TrueString ? "checksums checked" : "checksums not checked",
            nameof(ReadSingle.StoreCount) => $"in a {Units.Count(number)}-image store",
            nameof(AccessOrder.Order) => value switch
            {
                nameof(ReadOrder.Range) => "one range",
                nameof(ReadOrder.KeyOrder) => "one by one, key order",
                nameof(ReadOrder.Random) => "one by one, random order",
                _ => value,
            },
            nameof(Epoch.Shuffle) => value switch
            {
                nameof(LoaderOrder.Sequential) => "sequential",
                nameof(LoaderOrder.Random) => "random",
                nameof(LoaderOrder.BlockRandom) => "block-random",
                _ => value,
            },
            nameof(Epoch.Layout) => value switch
            {
                nameof(BatchLayout.NhwcUInt8) => "NHWC uint8",
                nameof(BatchLayout.NchwUInt8) => "NCHW uint8",
                nameof(BatchLayout.NchwFloat32) => "NCHW float32",
                _ => value,
            },
            _ => $"{name} = {value}",
        };
    }

    /// <summary>Where a parameter value sorts among its kind: numbers by size ("all in one transaction" last), known enums in declaration order.</summary>
    public static double Order(string name, string value) => name switch
    {
        nameof(LmdbTransactions.RecordsPerTransaction) when value == "0" => double.PositiveInfinity,
        nameof(AccessOrder.Order) when Enum.TryParse<ReadOrder>(value, out var order) => (int)order,
        nameof(EncodedRecords.Encoding) when Enum.TryParse<RecordEncoding>(value, out var encoding) => (int)encoding,
        nameof(ChecksumReads.Checksums) => value == bool.TrueString ? 1 : 0,
        nameof(PngCodecStores.Codec) when Enum.TryParse<PngCodec>(value, out var codec) => (int)codec,
        nameof(Epoch.Shuffle) when Enum.TryParse<LoaderOrder>(value, out var order) => (int)order,
        nameof(Epoch.Layout) when Enum.TryParse<BatchLayout>(value, out var layout) => (int)layout,
        _ => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) ? number : 0,
    };

    /// <summary>Orders rows as a reader expects: operations as the run measured them, then parameter values and counts ascending.</summary>
    public static IReadOnlyList<ResultRow> InReadingOrder(IEnumerable<ResultRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows.ToList();
        var operations = list.Select(r => r.Operation).Distinct(StringComparer.Ordinal).ToList();
        var names = list.SelectMany(r => r.Parameters.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        IOrderedEnumerable<ResultRow> ordered = list.OrderBy(r => operations.IndexOf(r.Operation));
        foreach (string name in names)
        {
            ordered = ordered.ThenBy(r => r.Parameter(name) is { } v ? Order(name, v) : double.NegativeInfinity)
                .ThenBy(r => r.Parameter(name), StringComparer.Ordinal);
        }

        return [.. ordered.ThenBy(r => r.Count).ThenBy(r => MethodRank(r.Method))];
    }

    /// <summary>Every parameter of <paramref name="row"/> besides Method and Count, in words, in name order.</summary>
    public static string Parameters(ResultRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return string.Join(", ", row.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Parameter(p.Key, p.Value)));
    }
}
