using System.Buffers.Binary;
using System.Globalization;
using ImageStorage.Png;

namespace ImageStorage.Records;

/// <summary>
/// The value key-value stores (LMDB, RocksDB) keep for each image: a header, then the payload. Version 2 (written
/// now, 24-byte header):
/// <code>
/// offset size field
///      0    4 magic "IMGS"
///      4    1 format version (2)
///      5    1 encoding: 0 = raw HWC pixels, 1 = PNG file bytes
///      6    1 channels (1 or 3)
///      7    1 reserved, 0
///      8    2 height, little-endian
///     10    2 width, little-endian
///     12    4 label, little-endian int32
///     16    4 id, little-endian int32 (the record's own key, so a record read under another key is caught)
///     20    4 checksum, little-endian uint32 (<see cref="ImageChecksum"/> of the pixels and label)
///     24    … payload: H × W × C bytes when raw
/// </code>
/// Version 1 (16-byte header: bytes 0–15 as above, no id, no checksum) is still read. Keys are <see cref="RecordKey"/>s.
/// </summary>
internal static class ImageRecord
{
    public const int HeaderSize = 24;
    public const int Version1HeaderSize = 16;
    public const byte Version = 2;
    public const byte RawEncoding = 0;
    public const byte PngEncoding = 1;

    public static ReadOnlySpan<byte> Magic => "IMGS"u8;

    /// <summary>The header size of records of <paramref name="version"/>.</summary>
    public static int HeaderSizeOf(byte version) => version >= 2 ? HeaderSize : Version1HeaderSize;

    /// <summary>The header's encoding byte for <paramref name="encoding"/>.</summary>
    public static byte EncodingByte(RecordEncoding encoding) => encoding == RecordEncoding.Png ? PngEncoding : RawEncoding;

    /// <summary>Writes the header of <paramref name="version"/> for image <paramref name="id"/> of <paramref name="shape"/>.</summary>
    public static void WriteHeader(Span<byte> destination, byte version, ImageShape shape, int id, int label, byte encoding, uint checksum)
    {
        Magic.CopyTo(destination);
        destination[4] = version;
        destination[5] = encoding;
        destination[6] = (byte)shape.Channels;
        destination[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[8..], (ushort)shape.Height);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[10..], (ushort)shape.Width);
        BinaryPrimitives.WriteInt32LittleEndian(destination[12..], label);
        if (version >= 2)
        {
            BinaryPrimitives.WriteInt32LittleEndian(destination[16..], id);
            BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], checksum);
        }
    }

    /// <summary>
    /// Checks a stored value's header against the store (version, shape, encoding and, from version 2, the id) and
    /// returns the payload, the label and the stored checksum (null for version 1 records).
    /// </summary>
    public static ReadOnlySpan<byte> Parse(ReadOnlySpan<byte> value, byte version, ImageShape shape, byte encoding, string path, int id, out int label, out uint? checksum)
    {
        int headerSize = HeaderSizeOf(version);
        if (value.Length < headerSize || !value[..4].SequenceEqual(Magic))
        {
            throw new CorruptStoreException(path, id, $"bad record header: the value of {value.Length} bytes does not start with the 'IMGS' magic.");
        }

        if (value[4] != version)
        {
            throw new CorruptStoreException(path, id, string.Create(CultureInfo.InvariantCulture, $"record format version {value[4]}; the store's records are version {version}."));
        }

        int height = BinaryPrimitives.ReadUInt16LittleEndian(value[8..]);
        int width = BinaryPrimitives.ReadUInt16LittleEndian(value[10..]);
        if (value[5] != encoding || value[6] != shape.Channels || height != shape.Height || width != shape.Width)
        {
            throw new CorruptStoreException(path, id, string.Create(CultureInfo.InvariantCulture, $"bad record header: {height}x{width}x{value[6]}, encoding {value[5]}; the store holds {shape}, encoding {encoding}."));
        }

        label = BinaryPrimitives.ReadInt32LittleEndian(value[12..]);
        if (label < 0)
        {
            throw new CorruptStoreException(path, id, string.Create(CultureInfo.InvariantCulture, $"bad record header: negative label {label}."));
        }

        checksum = null;
        if (version >= 2)
        {
            int storedId = BinaryPrimitives.ReadInt32LittleEndian(value[16..]);
            if (storedId != id)
            {
                throw new CorruptStoreException(path, id, string.Create(CultureInfo.InvariantCulture, $"bad record header: the record under this key says it is image {storedId}."));
            }

            checksum = BinaryPrimitives.ReadUInt32LittleEndian(value[20..]);
        }

        var payload = value[headerSize..];
        if (encoding == RawEncoding && payload.Length != shape.ByteCount)
        {
            throw new CorruptStoreException(path, id, string.Create(CultureInfo.InvariantCulture, $"wrong length: {payload.Length} pixel bytes, the shape {shape} needs {shape.ByteCount}."));
        }

        return payload;
    }

    /// <summary>
    /// Checks a stored value and puts its image into <paramref name="pixels"/> (a copy, or a PNG decode); returns the
    /// label; checks the stored checksum if <paramref name="verify"/>.
    /// </summary>
    public static int Unpack(ReadOnlySpan<byte> value, byte version, PngImageCodec codec, byte encoding, string path, int id, Span<byte> pixels, bool verify)
    {
        var payload = Parse(value, version, codec.Shape, encoding, path, id, out int label, out uint? checksum);
        if (encoding == RawEncoding)
        {
            payload.CopyTo(pixels);
        }
        else
        {
            codec.Decode(payload, pixels, path, id);
        }

        if (verify && checksum is uint expected)
        {
            ImageChecksum.Check(path, id, pixels, label, expected);
        }

        return label;
    }
}
