using ImageStorage.Arrow;
using ImageStorage.Hdf5;
using ImageStorage.Lmdb;
using ImageStorage.Png;
using ImageStorage.Raw;
using ImageStorage.RocksDb;
using ImageStorage.S3;
using ImageStorage.Sqlite;
using ImageStorage.TarShards;

namespace ImageStorage;

/// <summary>The one place store kinds are registered: adding a kind means adding its folder and one line here.</summary>
internal static class StoreFormats
{
    /// <summary>Every kind, in the order detection asks them.</summary>
    public static IReadOnlyList<StoreFormat> All { get; } =
    [
        RawFormat.Instance,
        PngFormat.Instance,
        LmdbFormat.Instance,
        Hdf5Format.Instance,
        RocksDbFormat.Instance,
        TarShardsFormat.Instance,
        SqliteFormat.Instance,
        ArrowFormat.Instance,
        S3Format.Objects,
        S3Format.Shards,
    ];

    /// <summary>The format of <paramref name="kind"/>.</summary>
    public static StoreFormat Of(StoreKind kind) =>
        All.FirstOrDefault(f => f.Kind == kind) ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown store kind.");

    /// <summary>The format of the store at <paramref name="probe"/>, or null if no kind recognises it.</summary>
    public static StoreFormat? Detect(StoreProbe probe) => All.FirstOrDefault(f => f.Recognizes(probe));

    /// <summary>True if <paramref name="path"/> holds a store of <paramref name="format"/> that opens: what may be replaced by one.</summary>
    public static bool IsReadableStoreOf(StoreFormat format, string path)
    {
        using var probe = StoreProbe.Of(path);
        try
        {
            if (!format.Recognizes(probe))
            {
                return false;
            }

            using var store = format.Open(probe, StoreOptions.Default);
            return true;
        }
        catch (ImageStoreException)
        {
            return false;
        }
    }
}
