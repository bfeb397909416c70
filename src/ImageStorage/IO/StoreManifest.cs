using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageStorage.IO;

/// <summary>The small JSON file (<c>imagestore.json</c>) that marks a directory as a store and records its format and shape.</summary>
internal sealed record StoreManifest(string Format, int Version, int Height, int Width, int Channels, int? Count, string? Encoding = null)
{
    public const string FileName = "imagestore.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    [JsonIgnore]
    public ImageShape Shape => new(Height, Width, Channels);

    public static StoreManifest For(string format, int version, ImageShape shape, int? count, RecordEncoding encoding = RecordEncoding.Raw) =>
        new(format, version, shape.Height, shape.Width, shape.Channels, count, encoding == RecordEncoding.Raw ? null : "png");

    /// <summary>How the store's records hold their images (absent means raw pixels).</summary>
    [JsonIgnore]
    public RecordEncoding RecordEncoding => Encoding == "png" ? RecordEncoding.Png : RecordEncoding.Raw;

    /// <summary>True if <paramref name="directory"/> holds a manifest of the given format.</summary>
    public static bool IsStore(string directory, string format)
    {
        try
        {
            return Directory.Exists(directory) && Read(directory, format).Format == format;
        }
        catch (ImageStoreException)
        {
            return false;
        }
    }

    /// <summary>Reads and checks the manifest of the store in <paramref name="directory"/>.</summary>
    public static StoreManifest Read(string directory, string format)
    {
        if (!Directory.Exists(directory))
        {
            throw new NotAStoreException(directory, File.Exists(directory) ? $"is a file, not a {format} store directory." : "no such store directory.");
        }

        string file = System.IO.Path.Combine(directory, FileName);
        if (!File.Exists(file))
        {
            throw new NotAStoreException(directory, $"not a {format} store: {FileName} is missing.");
        }

        var manifest = Parse(File.ReadAllBytes(file), file);
        if (manifest.Format != format)
        {
            throw new NotAStoreException(directory, $"not a {format} store: the manifest says format '{manifest.Format}'.");
        }

        return manifest;
    }

    /// <summary>Parses and checks manifest bytes; <paramref name="where"/> names their origin in errors.</summary>
    public static StoreManifest Parse(ReadOnlySpan<byte> json, string where)
    {
        StoreManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<StoreManifest>(json, Options);
        }
        catch (JsonException e)
        {
            throw new CorruptStoreException(where, $"malformed manifest: {e.Message}", e);
        }

        if (manifest is null || string.IsNullOrEmpty(manifest.Format))
        {
            throw new CorruptStoreException(where, "malformed manifest: no format.");
        }

        if (manifest.Version != 1)
        {
            throw new CorruptStoreException(where, $"format version {manifest.Version} is not supported (this library reads version 1).");
        }

        try
        {
            manifest.Shape.Validate();
        }
        catch (ArgumentException e)
        {
            throw new CorruptStoreException(where, e.Message, e);
        }

        if (manifest.Encoding is not (null or "png"))
        {
            throw new CorruptStoreException(where, $"record encoding '{manifest.Encoding}' is not supported (raw or png).");
        }

        if (manifest.Count is < 0)
        {
            throw new CorruptStoreException(where, $"negative image count {manifest.Count}.");
        }

        return manifest;
    }

    /// <summary>The manifest as JSON bytes.</summary>
    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Options);

    /// <summary>Writes the manifest atomically into <paramref name="directory"/>.</summary>
    public void Write(string directory) => AtomicPublish.WriteFile(System.IO.Path.Combine(directory, FileName), ToBytes());
}
