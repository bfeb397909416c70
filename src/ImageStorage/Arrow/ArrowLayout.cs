using System.Globalization;
using System.Numerics;
using Apache.Arrow;
using Apache.Arrow.Arrays;
using Apache.Arrow.Types;

namespace ImageStorage.Arrow;

/// <summary>
/// What an Arrow store holds: one Arrow IPC file (Feather v2) with three non-nullable columns — <c>pixels</c>
/// (FixedSizeBinary(H × W × C), each image's HWC bytes), <c>label</c> (int32) and <c>checksum</c> (uint32, see
/// <see cref="ImageChecksum"/>) — in record batches of <c>batch_rows</c> rows each (the last may be shorter), and
/// schema metadata <c>format</c>, <c>version</c>, <c>height</c>, <c>width</c>, <c>channels</c>, <c>batch_rows</c>,
/// <c>checksum</c>. Any Arrow implementation reads it (pyarrow, arrow-js, Polars).
/// </summary>
internal static class ArrowLayout
{
    public const string FormatName = "imagestorage-arrow";
    public const int CurrentVersion = 1;
    public const string PixelsColumn = "pixels";
    public const string LabelColumn = "label";
    public const string ChecksumColumn = "checksum";

    /// <summary>
    /// Pixel bytes per record batch, at most: rows are a power of two that fits. For 100,000 32×32×3 images, batches
    /// of 1,024 to 65,536 rows wrote (0.65–2 s, mostly the fsync) and read (100–200 ms) alike within this machine's
    /// noise, so the size is set for other tools: few batches per gigabyte, each small enough to load on its own.
    /// </summary>
    public const int BatchBytes = 64 << 20;

    /// <summary>The largest file this library writes or maps: the reader sees it as one <see cref="ReadOnlyMemory{T}"/>, which ends at 2 GiB.</summary>
    public const long MaxFileBytes = int.MaxValue;

    /// <summary>The magic an Arrow IPC file starts (followed by two bytes of padding) and ends with.</summary>
    public static ReadOnlySpan<byte> Magic => "ARROW1"u8;

    /// <summary>Rows per record batch for images of <paramref name="shape"/>: the largest power of two within <see cref="BatchBytes"/>, at least one.</summary>
    public static int BatchRowsFor(ImageShape shape) => 1 << BitOperations.Log2((uint)Math.Max(1, BatchBytes / shape.ByteCount));

    /// <summary>The schema of a store of <paramref name="shape"/> written in batches of <paramref name="batchRows"/>.</summary>
    public static Schema SchemaFor(ImageShape shape, int batchRows, IReadOnlyList<string>? classes)
    {
        var builder = new Schema.Builder()
            .Field(f => f.Name(PixelsColumn).DataType(new FixedSizeBinaryType(shape.ByteCount)).Nullable(false))
            .Field(f => f.Name(LabelColumn).DataType(Int32Type.Default).Nullable(false))
            .Field(f => f.Name(ChecksumColumn).DataType(UInt32Type.Default).Nullable(false))
            .Metadata("format", FormatName)
            .Metadata("version", Text(CurrentVersion))
            .Metadata("height", Text(shape.Height))
            .Metadata("width", Text(shape.Width))
            .Metadata("channels", Text(shape.Channels))
            .Metadata("batch_rows", Text(batchRows))
            .Metadata("checksum", ImageChecksum.Algorithm);
        return (classes is null ? builder : builder.Metadata("classes", System.Text.Json.JsonSerializer.Serialize(classes))).Build();
    }

    /// <summary>The class names in a store's schema metadata (<c>classes</c>, a JSON array), if it has them.</summary>
    public static string[]? Classes(Schema schema, string path)
    {
        if (schema.Metadata is null || !schema.Metadata.TryGetValue("classes", out string? json))
        {
            return null;
        }

        try
        {
            string[]? classes = System.Text.Json.JsonSerializer.Deserialize<string[]>(json);
            return classes is not null && !classes.Any(string.IsNullOrEmpty) ? classes : throw new CorruptStoreException(path, "bad schema metadata: 'classes' holds an empty class name.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new CorruptStoreException(path, $"bad schema metadata: 'classes' is not a JSON array of names: {e.Message}", e);
        }
    }

    /// <summary>Checks a schema read from <paramref name="path"/> and returns the store's shape and batch size.</summary>
    public static (ImageShape Shape, int BatchRows) Parse(Schema schema, string path)
    {
        var metadata = schema.Metadata ?? new Dictionary<string, string>();
        if (!metadata.TryGetValue("format", out string? format) || format != FormatName)
        {
            throw new NotAStoreException(path, $"an Arrow file without the image store's schema metadata (format '{format ?? "(none)"}', not '{FormatName}').");
        }

        int version = Integer(metadata, "version", path);
        if (version != CurrentVersion)
        {
            throw new UnsupportedFormatException(path, Text($"format version {version} is not supported (this library reads version {CurrentVersion})."));
        }

        if (!metadata.TryGetValue("checksum", out string? checksum) || checksum != ImageChecksum.Algorithm)
        {
            throw new UnsupportedFormatException(path, $"checksum '{checksum}' is not supported ({ImageChecksum.Algorithm}).");
        }

        var shape = new ImageShape(Integer(metadata, "height", path), Integer(metadata, "width", path), Integer(metadata, "channels", path)).ValidateStored(path);
        int batchRows = Integer(metadata, "batch_rows", path);
        if (batchRows < 1)
        {
            throw new CorruptStoreException(path, Text($"bad schema metadata: batch_rows {batchRows}."));
        }

        CheckField(schema, 0, PixelsColumn, ArrowTypeId.FixedSizedBinary, path);
        CheckField(schema, 1, LabelColumn, ArrowTypeId.Int32, path);
        CheckField(schema, 2, ChecksumColumn, ArrowTypeId.UInt32, path);
        int width = ((FixedSizeBinaryType)schema.FieldsList[0].DataType).ByteWidth;
        if (width != shape.ByteCount)
        {
            throw new CorruptStoreException(path, Text($"wrong length: the '{PixelsColumn}' column holds {width}-byte values, the shape {shape} needs {shape.ByteCount}."));
        }

        return (shape, batchRows);
    }

    /// <summary>A record batch of <paramref name="rows"/> images over existing memory: nothing is copied.</summary>
    public static RecordBatch Batch(Schema schema, int byteWidth, int rows, ReadOnlyMemory<byte> pixels, ReadOnlyMemory<byte> labels, ReadOnlyMemory<byte> checksums)
    {
        // Apache.Arrow has no FixedSizeBinary builder: the array is its data, one value buffer and no validity bitmap.
        var pixelArray = new FixedSizeBinaryArray(new ArrayData(new FixedSizeBinaryType(byteWidth), rows, 0, 0, [ArrowBuffer.Empty, new ArrowBuffer(pixels)]));
        var labelArray = new Int32Array(new ArrowBuffer(labels), ArrowBuffer.Empty, rows, 0, 0);
        var checksumArray = new UInt32Array(new ArrowBuffer(checksums), ArrowBuffer.Empty, rows, 0, 0);
        return new RecordBatch(schema, [pixelArray, labelArray, checksumArray], rows);
    }

    private static void CheckField(Schema schema, int index, string name, ArrowTypeId type, string path)
    {
        if (schema.FieldsList.Count <= index || schema.FieldsList[index].Name != name || schema.FieldsList[index].DataType.TypeId != type)
        {
            throw new CorruptStoreException(path, $"bad schema: column {index} must be '{name}' of type {type}.");
        }
    }

    private static int Integer(IReadOnlyDictionary<string, string> metadata, string key, string path) =>
        metadata.TryGetValue(key, out string? value) && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number)
            ? number
            : throw new CorruptStoreException(path, $"bad schema metadata: '{key}' is missing or not a non-negative integer.");

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);
}
