using System.Buffers.Binary;
using System.Globalization;

namespace ImageStorage.TarShards;

/// <summary>
/// The store's random-access index, <c>index.bin</c>: one 20-byte little-endian entry per image, in id order —
/// shard number (uint32), offset of the image member's data in that shard (uint64), its length (uint32) and the
/// label (int32, the same as the <c>.cls</c> member's) — so a read finds the bytes without parsing any tar header.
/// </summary>
internal static class ShardIndex
{
    public const string FileName = "index.bin";

    /// <summary>Bytes per entry.</summary>
    public const int EntrySize = 20;

    /// <summary>Writes <paramref name="entry"/> into <paramref name="destination"/>.</summary>
    public static void Write(Span<byte> destination, in ShardEntry entry)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)entry.Shard);
        BinaryPrimitives.WriteInt64LittleEndian(destination[4..], entry.Offset);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], (uint)entry.Length);
        BinaryPrimitives.WriteInt32LittleEndian(destination[16..], entry.Label);
    }

    /// <summary>Reads the entry of image <paramref name="id"/> from <paramref name="source"/>, checking what can be checked alone.</summary>
    public static ShardEntry Read(ReadOnlySpan<byte> source, string indexPath, int id)
    {
        uint shard = BinaryPrimitives.ReadUInt32LittleEndian(source);
        long offset = BinaryPrimitives.ReadInt64LittleEndian(source[4..]);
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(source[12..]);
        int label = BinaryPrimitives.ReadInt32LittleEndian(source[16..]);
        if (shard > int.MaxValue || offset < 0 || length > int.MaxValue || label < 0)
        {
            throw new CorruptStoreException(indexPath, id, string.Create(CultureInfo.InvariantCulture, $"bad index entry: shard {shard}, offset {offset}, length {length}, label {label}."));
        }

        return new ShardEntry((int)shard, offset, (int)length, label);
    }
}

/// <summary>Where one image is: its shard, the offset and length of its member's data there, and its label.</summary>
/// <param name="Shard">The shard's number (<c>shard-000042.tar</c> is 42).</param>
/// <param name="Offset">The offset of the image member's data in the shard.</param>
/// <param name="Length">The image member's length in bytes.</param>
/// <param name="Label">The image's label.</param>
internal readonly record struct ShardEntry(int Shard, long Offset, int Length, int Label)
{
    /// <summary>The offset just past the member's data.</summary>
    public long End => Offset + Length;
}
