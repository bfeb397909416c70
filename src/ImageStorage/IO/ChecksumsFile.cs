using System.Runtime.InteropServices;

namespace ImageStorage.IO;

/// <summary>The file of per-image checksums that directory stores keep beside their images: N little-endian uint32, image by image.</summary>
internal static class ChecksumsFile
{
    public const string FileName = "checksums.crc32";

    /// <summary>Reads the checksums of the first <paramref name="count"/> images.</summary>
    public static uint[] Read(DirectoryHandle directory, int count)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return Parse(directory.ReadRequired(FileName), count, System.IO.Path.Combine(directory.Path, FileName));
    }

    /// <summary>The checksums of the first <paramref name="count"/> images in <paramref name="bytes"/>, read from <paramref name="where"/> (named in errors).</summary>
    public static uint[] Parse(ReadOnlySpan<byte> bytes, int count, string where)
    {
        if (bytes.Length < (long)count * sizeof(uint))
        {
            throw new CorruptStoreException(where, $"truncated: {bytes.Length} bytes, the store's {count} images need {(long)count * sizeof(uint)}.");
        }

        var sums = new uint[count];
        MemoryMarshal.Cast<byte, uint>(bytes[..(count * sizeof(uint))]).CopyTo(sums);
        if (!BitConverter.IsLittleEndian)
        {
            System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(sums, sums);
        }

        return sums;
    }
}
