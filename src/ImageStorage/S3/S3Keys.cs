using System.Globalization;

namespace ImageStorage.S3;

/// <summary>
/// The names of a store's objects under its prefix: <c>imagestore.json</c> (the manifest, written last: the commit) and
/// one folder per writer that committed, <c>part-{writer tag}/</c>, holding <c>index.bin</c> (one entry per image),
/// <c>checksums.crc32</c> and either one object per image (<c>{id}.u8</c>) or shards (<c>shard-000000.u8</c>, …).
/// </summary>
internal static class S3Keys
{
    /// <summary>The manifest object's name.</summary>
    public const string Manifest = IO.StoreManifest.FileName;

    /// <summary>The index object's name inside a part.</summary>
    public const string Index = TarShards.ShardIndex.FileName;

    /// <summary>The checksums object's name inside a part.</summary>
    public const string Checksums = IO.ChecksumsFile.FileName;

    private const string PartMarker = "part-";

    /// <summary>The name of the part a writer with <paramref name="writerTag"/> writes.</summary>
    public static string Part(string writerTag) => PartMarker + writerTag;

    /// <summary>The writer tag in a part's name, or null if <paramref name="part"/> is not a part's name.</summary>
    public static string? WriterTagOf(string part) => part.StartsWith(PartMarker, StringComparison.Ordinal) ? part[PartMarker.Length..] : null;

    /// <summary>The name of <paramref name="file"/> inside <paramref name="part"/>.</summary>
    public static string In(string part, string file) => $"{part}/{file}";

    /// <summary>The object of image <paramref name="id"/> (object-per-image layout).</summary>
    public static string Image(string part, int id) => string.Create(CultureInfo.InvariantCulture, $"{part}/{id}.u8");

    /// <summary>The shard object number <paramref name="shard"/> of <paramref name="part"/> (shard layout).</summary>
    public static string Shard(string part, int shard) => string.Create(CultureInfo.InvariantCulture, $"{part}/shard-{shard:D6}.u8");
}
