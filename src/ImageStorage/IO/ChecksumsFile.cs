using System.Runtime.InteropServices;

namespace ImageStorage.IO;

/// <summary>The file of per-image checksums that directory stores keep beside their images: N little-endian uint32, image by image.</summary>
internal static class ChecksumsFile
{
    public const string FileName = "checksums.crc32";

    /// <summary>Reads the checksums of the first <paramref name="count"/> images.</summary>
    public static uint[] Read(DirectoryHandle directory, int count)
    {
        string file = System.IO.Path.Combine(directory.Path, FileName);
        byte[] bytes = directory.ReadRequired(FileName);
        if (bytes.Length < (long)count * sizeof(uint))
        {
            throw new CorruptStoreException(file, $"truncated: {bytes.Length} bytes, the store's {count} images need {(long)count * sizeof(uint)}.");
        }

        var sums = new uint[count];
        MemoryMarshal.Cast<byte, uint>(bytes.AsSpan(0, count * sizeof(uint))).CopyTo(sums);
        if (!BitConverter.IsLittleEndian)
        {
            System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(sums, sums);
        }

        return sums;
    }
}
