using System.Buffers.Binary;
using System.IO.Hashing;

namespace ImageStorage;

/// <summary>
/// The per-image checksum every store records at write time: CRC-32 (zlib's, so Python's <c>zlib.crc32</c> checks it)
/// over the image's H × W × C pixel bytes followed by its label as four little-endian bytes. It is the same for the
/// same image in every store kind, whatever the store's encoding, so converted stores can be compared.
/// </summary>
public static class ImageChecksum
{
    /// <summary>The algorithm's name as stores record it.</summary>
    public const string Algorithm = "crc32";

    [ThreadStatic]
    private static Crc32? t_crc;

    /// <summary>The checksum of one image and its label.</summary>
    public static uint Compute(ReadOnlySpan<byte> pixels, int label)
    {
        var crc = t_crc ??= new Crc32();
        crc.Reset();
        crc.Append(pixels);
        Span<byte> tail = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(tail, label);
        crc.Append(tail);
        return crc.GetCurrentHashAsUInt32();
    }

    /// <summary>The checksums of every image of <paramref name="batch"/>, on every core.</summary>
    public static uint[] ComputeAll(ImageBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var sums = new uint[batch.Count];
        Parallel.For(0, batch.Count, i => sums[i] = Compute(batch.Image(i), batch.Labels[i]));
        return sums;
    }

    /// <summary>Throws <see cref="CorruptStoreException"/> naming the image unless its pixels and label have the checksum <paramref name="expected"/>.</summary>
    internal static void Check(string path, int id, ReadOnlySpan<byte> pixels, int label, uint expected)
    {
        if (Mismatch(pixels, label, expected) is { } reason)
        {
            throw new CorruptStoreException(path, id, reason + ".");
        }
    }

    /// <summary>Why the pixels and label do not have the checksum <paramref name="expected"/>, or null if they do.</summary>
    internal static string? Mismatch(ReadOnlySpan<byte> pixels, int label, uint expected)
    {
        uint actual = Compute(pixels, label);
        return actual == expected ? null : $"checksum mismatch: the stored checksum is {expected:x8}, the image and label read give {actual:x8}";
    }
}
