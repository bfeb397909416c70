using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageStorage.Partitioned;

/// <summary>The contents of <c>partitions.json</c>: format, version, the kind of every part, the shape, and each part's count.</summary>
internal sealed record PartitionManifest(string Format, int Version, StoreKind? Kind, int Height, int Width, int Channels, int[] PartCounts)
{
    public const string FileName = "partitions.json";

    public const string FormatName = "imagestorage-partitioned";

    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
    };

    [JsonIgnore]
    public ImageShape Shape => new(Height, Width, Channels);

    // Read refuses a manifest without a kind, so past it the default is never taken.
    [JsonIgnore]
    public StoreKind PartKind => Kind.GetValueOrDefault();

    public static PartitionManifest Read(string path)
    {
        if (!Directory.Exists(path))
        {
            throw new NotAStoreException(path, File.Exists(path) ? "is a file, not a partitioned store directory." : "no such store directory.");
        }

        string file = System.IO.Path.Combine(path, FileName);
        if (!File.Exists(file))
        {
            throw new NotAStoreException(path, $"not a partitioned store: {FileName} is missing.");
        }

        PartitionManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<PartitionManifest>(File.ReadAllBytes(file), Options);
        }
        catch (JsonException e)
        {
            throw new CorruptStoreException(file, $"malformed manifest: {e.Message}", e);
        }

        if (manifest is null || string.IsNullOrEmpty(manifest.Format))
        {
            throw new CorruptStoreException(file, "malformed manifest: no format.");
        }

        if (manifest.Format != FormatName)
        {
            throw new NotAStoreException(path, $"not a partitioned store: the manifest says format '{manifest.Format}'.");
        }

        if (manifest.Version != 1)
        {
            throw new CorruptStoreException(file, $"format version {manifest.Version} is not supported (this library reads version 1).");
        }

        if (manifest.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            throw new CorruptStoreException(file, "malformed manifest: no part kind.");
        }

        try
        {
            manifest.Shape.Validate();
        }
        catch (ArgumentException e)
        {
            throw new CorruptStoreException(file, e.Message, e);
        }

        if (manifest.PartCounts is null || manifest.PartCounts.Length == 0)
        {
            throw new CorruptStoreException(file, "malformed manifest: no parts.");
        }

        int negative = Array.FindIndex(manifest.PartCounts, c => c < 0);
        if (negative >= 0)
        {
            throw new CorruptStoreException(file, $"part {negative} has a negative image count {manifest.PartCounts[negative]}.");
        }

        return manifest;
    }
}
