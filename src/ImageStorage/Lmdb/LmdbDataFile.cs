using System.Buffers.Binary;

namespace ImageStorage.Lmdb;

/// <summary>
/// Reads the data-format version from an LMDB <c>data.mdb</c> without LMDB: the first meta page holds the magic
/// 0xBEEFC0DE and the data version right after the 16-byte page header. LMDB 0.9 writes version 1; the LMDB 1.0
/// development line writes version 3, and each refuses the other's files.
/// </summary>
internal static class LmdbDataFile
{
    /// <summary>The data version this library's LMDB reads and writes.</summary>
    public const int SupportedVersion = 1;

    private const uint Magic = 0xBEEFC0DE;
    private const int MetaOffset = 16;

    /// <summary>The data version of the file at <paramref name="dataFile"/>, or null if it is no LMDB data file.</summary>
    public static int? Version(string dataFile)
    {
        try
        {
            using var file = File.OpenHandle(dataFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> head = stackalloc byte[MetaOffset + 8];
            if (ImageStorage.IO.PositionedRead.Fill(file, head, 0) < head.Length || BinaryPrimitives.ReadUInt32LittleEndian(head[MetaOffset..]) != Magic)
            {
                return null;
            }

            return (int)BinaryPrimitives.ReadUInt32LittleEndian(head[(MetaOffset + 4)..]);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Who wrote the file, in words, if it is an LMDB data file of another version than ours; otherwise null.</summary>
    public static string? Describe(string dataFile) => Version(dataFile) switch
    {
        null or SupportedVersion => null,
        3 => "written by the LMDB 1.0 development line (data format 3: LightningDB's bundled LMDB, or ImageStorage before it moved to LMDB 0.9)",
        int other => $"an LMDB data file of data format {other}",
    };
}
