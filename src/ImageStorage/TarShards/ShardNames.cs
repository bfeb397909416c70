using System.Globalization;

namespace ImageStorage.TarShards;

/// <summary>
/// The names of the WebDataset convention: shards <c>shard-000000.tar</c>, <c>shard-000001.tar</c>, … and in each,
/// per image, <c>{key}.u8</c> (raw pixels) or <c>{key}.png</c> then <c>{key}.cls</c> (the label as ASCII digits),
/// the key being the id in ten digits so that member order is id order.
/// </summary>
internal static class ShardNames
{
    /// <summary>The extension of a member holding raw H × W × C pixels.</summary>
    public const string RawExtension = ".u8";

    /// <summary>The extension of a member holding a PNG file.</summary>
    public const string PngExtension = ".png";

    /// <summary>The extension of a member holding the label.</summary>
    public const string LabelExtension = ".cls";

    /// <summary>The file name of shard <paramref name="shard"/>.</summary>
    public static string Shard(int shard) => string.Create(CultureInfo.InvariantCulture, $"shard-{shard:D6}.tar");

    /// <summary>The number of the shard called <paramref name="fileName"/>, or -1 if it is not a shard's name.</summary>
    public static int ParseShard(string fileName) =>
        fileName.Length == 16 && fileName.StartsWith("shard-", StringComparison.Ordinal) && fileName.EndsWith(".tar", StringComparison.Ordinal)
            && int.TryParse(fileName.AsSpan(6, 6), NumberStyles.None, CultureInfo.InvariantCulture, out int shard) ? shard : -1;

    /// <summary>The key of image <paramref name="id"/>.</summary>
    public static string Key(int id) => id.ToString("D10", CultureInfo.InvariantCulture);

    /// <summary>The extension of image members in a store of <paramref name="encoding"/>.</summary>
    public static string ImageExtension(RecordEncoding encoding) => encoding == RecordEncoding.Png ? PngExtension : RawExtension;
}
