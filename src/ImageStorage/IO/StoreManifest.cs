using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageStorage.IO;

/// <summary>
/// The small JSON file (<c>imagestore.json</c>) that marks a directory as a store and records its format, version,
/// shape, committed count, record encoding and checksum algorithm. Version 1 stores have no checksums; version 2 do.
/// </summary>
internal sealed record StoreManifest(string Format, int Version, int Height, int Width, int Channels, int? Count, string? Encoding = null, string? Checksum = null, string[]? Classes = null)
{
    public const string FileName = "imagestore.json";

    /// <summary>The version this library writes: 2, with per-image checksums.</summary>
    public const int CurrentVersion = 2;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    [JsonIgnore]
    public ImageShape Shape => new(Height, Width, Channels);

    /// <summary>
    /// Object-storage stores, which cannot rename what a writer wrote into place: the parts that make up the store,
    /// in id order, one per writer that committed (absent for every other kind).
    /// </summary>
    public ManifestPart[]? Parts { get; init; }

    /// <summary>How the store's records hold their images (absent means raw pixels).</summary>
    [JsonIgnore]
    public RecordEncoding RecordEncoding => Encoding == "png" ? RecordEncoding.Png : RecordEncoding.Raw;

    /// <summary>True if the store recorded a checksum per image.</summary>
    [JsonIgnore]
    public bool HasChecksums => Checksum is not null;

    /// <summary>The manifest of a new, empty store of the current version, with checksums, the encoding and class names of <paramref name="options"/>.</summary>
    public static StoreManifest For(string format, ImageShape shape, StoreOptions options) =>
        new(format, CurrentVersion, shape.Height, shape.Width, shape.Channels, 0, options.Encoding == RecordEncoding.Raw ? null : "png", ImageChecksum.Algorithm, options.ClassNames?.ToArray());

    /// <summary>What a reader of this store knows beyond shape and count.</summary>
    public StoreReaderTraits Traits(StoreOptions options) =>
        new(RecordEncoding, HasChecksums, options.VerifyChecksums) { ClassNames = Classes };

    /// <summary>This manifest with another count.</summary>
    public StoreManifest WithCount(int count) => this with { Count = count };

    /// <summary>Reads the manifest of the directory, or returns null if it has none; a malformed one throws.</summary>
    public static StoreManifest? TryRead(DirectoryHandle directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        byte[]? bytes = directory.TryReadAll(FileName);
        return bytes is null ? null : Parse(bytes, System.IO.Path.Combine(directory.Path, FileName));
    }

    /// <summary>Reads the manifest of a store of <paramref name="format"/> in <paramref name="directory"/>, or throws <see cref="NotAStoreException"/>.</summary>
    public static StoreManifest Read(DirectoryHandle directory, string format, string kind)
    {
        var manifest = TryRead(directory) ?? throw new NotAStoreException(directory.Path, $"not a {kind} store: {FileName} is missing.");
        return manifest.Format == format ? manifest
            : throw new NotAStoreException(directory.Path, $"not a {kind} store: the manifest says format '{manifest.Format}'.");
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

        if (manifest.Version is < 1 or > CurrentVersion)
        {
            throw new UnsupportedFormatException(where, $"format version {manifest.Version} is not supported (this library reads versions 1 to {CurrentVersion}).");
        }

        manifest.Shape.ValidateStored(where);
        if (manifest.Encoding is not (null or "png"))
        {
            throw new UnsupportedFormatException(where, $"record encoding '{manifest.Encoding}' is not supported (raw or png).");
        }

        if (manifest.Version >= 2 && manifest.Checksum != ImageChecksum.Algorithm)
        {
            throw new UnsupportedFormatException(where, $"checksum '{manifest.Checksum}' is not supported ({ImageChecksum.Algorithm}).");
        }

        if (manifest.Version == 1 && manifest.Checksum is not null)
        {
            throw new CorruptStoreException(where, "malformed manifest: version 1 stores have no checksums.");
        }

        if (manifest.Classes is { } classes && classes.Any(string.IsNullOrEmpty))
        {
            throw new CorruptStoreException(where, "malformed manifest: an empty class name.");
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

/// <summary>One part of an object-storage store: what one writer wrote and committed.</summary>
/// <param name="Name">The part's folder under the store's prefix.</param>
/// <param name="Count">How many images it holds (its ids follow those of the parts before it).</param>
internal sealed record ManifestPart(string Name, int Count);
