using System.Buffers.Binary;

namespace ImageStorage.Png;

/// <summary>
/// The check every PNG passes before either codec decodes it, reading nothing but its bytes: the signature, an IHDR
/// that claims exactly the store's shape as 8-bit RGB or grayscale, then every chunk's length against the bytes that
/// are there, through to IEND. So an image of another size (a crafted 60000×60000 header too) is refused before a
/// decoder allocates anything, a truncated file is refused even where a decoder would return the rows it got, and an
/// animated PNG is refused rather than read as its first frame.
/// </summary>
internal static class PngStructure
{
    private const int SignatureLength = 8;
    private const int ChunkOverhead = 12;
    private const int HeaderLength = 13;

    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Throws <see cref="CorruptStoreException"/> naming <paramref name="file"/> and <paramref name="id"/> unless <paramref name="png"/> is a complete, single-image PNG of <paramref name="shape"/>.</summary>
    public static void Check(ReadOnlySpan<byte> png, ImageShape shape, string file, int id)
    {
        if (png.Length < SignatureLength + ChunkOverhead + HeaderLength
            || !png[..SignatureLength].SequenceEqual(Signature)
            || BinaryPrimitives.ReadUInt32BigEndian(png[SignatureLength..]) != HeaderLength
            || !png.Slice(SignatureLength + 4, 4).SequenceEqual("IHDR"u8))
        {
            throw new CorruptStoreException(file, id, $"not a PNG file (no PNG signature and IHDR header in its {png.Length} bytes).");
        }

        CheckHeader(png.Slice(SignatureLength + 8, HeaderLength), shape, file, id);
        CheckChunks(png, file, id);
    }

    private static void CheckHeader(ReadOnlySpan<byte> header, ImageShape shape, string file, int id)
    {
        uint width = BinaryPrimitives.ReadUInt32BigEndian(header);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
        byte depth = header[8];
        byte colorType = header[9];
        if (width != shape.Width || height != shape.Height)
        {
            throw new CorruptStoreException(file, id, $"wrong size: the PNG claims {height}x{width} pixels; the store holds {shape} images.");
        }

        int channels = colorType switch { 0 => 1, 2 => 3, _ => 0 };
        if (depth != 8 || channels != shape.Channels)
        {
            throw new CorruptStoreException(file, id, $"wrong format: the PNG is {depth}-bit {ColorTypeName(colorType)}; the store holds 8-bit {ColorTypeName(shape.Channels == 3 ? (byte)2 : (byte)0)} images.");
        }

        if (header[10] != 0 || header[11] != 0 || header[12] > 1)
        {
            throw new CorruptStoreException(file, id, $"bad IHDR: compression method {header[10]}, filter method {header[11]}, interlace method {header[12]} (PNG defines 0, 0 and 0 or 1).");
        }
    }

    // Walks the chunks from IHDR to IEND; what follows IEND is ignored, as every decoder ignores it.
    private static void CheckChunks(ReadOnlySpan<byte> png, string file, int id)
    {
        long at = SignatureLength;
        bool hasData = false;
        while (true)
        {
            if (png.Length - at < ChunkOverhead)
            {
                throw new CorruptStoreException(file, id, $"truncated: {png.Length} bytes end at offset {at} without an IEND chunk.");
            }

            var chunk = png[(int)at..];
            uint length = BinaryPrimitives.ReadUInt32BigEndian(chunk);
            var type = chunk.Slice(4, 4);
            if (length > png.Length - at - ChunkOverhead)
            {
                throw new CorruptStoreException(file, id, $"truncated: chunk '{TypeName(type)}' at offset {at} claims {length} bytes; {Math.Max(0, png.Length - at - ChunkOverhead)} follow.");
            }

            if (type.SequenceEqual("acTL"u8))
            {
                throw new CorruptStoreException(file, id, "an animated PNG (acTL chunk): a store holds one image per PNG.");
            }

            if (type.SequenceEqual("IEND"u8))
            {
                break;
            }

            hasData |= type.SequenceEqual("IDAT"u8);
            at += ChunkOverhead + length;
        }

        if (!hasData)
        {
            throw new CorruptStoreException(file, id, "no image data: the PNG has no IDAT chunk.");
        }
    }

    private static string ColorTypeName(byte colorType) => colorType switch
    {
        0 => "grayscale",
        2 => "RGB",
        3 => "palette (colour type 3)",
        4 => "grayscale with alpha",
        6 => "RGBA",
        _ => $"colour type {colorType}",
    };

    private static string TypeName(ReadOnlySpan<byte> type)
    {
        Span<char> name = stackalloc char[4];
        for (int i = 0; i < 4; i++)
        {
            name[i] = type[i] is >= 0x20 and < 0x7F ? (char)type[i] : '?';
        }

        return new string(name);
    }
}
