using System.Buffers.Binary;

namespace ImageStorage.Lmdb;

/// <summary>
/// Reads the data-format version from an LMDB <c>data.mdb</c> without LMDB: the first meta page holds the magic
/// 0xBEEFC0DE and the data version right after the page header, which is 16 bytes in LMDB 0.9 (data version 1) and
/// 24 bytes in the LMDB 1.0 development line (data version 3). Each refuses the other's files.
/// </summary>
internal static class LmdbDataFile
{
    /// <summary>The data version this library's LMDB reads and writes.</summary>
    public const int SupportedVersion = 1;

    private const uint Magic = 0xBEEFC0DE;

    /// <summary>The data version of the file at <paramref name="dataFile"/>, or null if it is no LMDB data file.</summary>
    public static int? Version(string dataFile)
    {
        try
        {
            using var file = File.OpenHandle(dataFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> head = stackalloc byte[32];
            int read = ImageStorage.IO.PositionedRead.Fill(file, head, 0);
            foreach (int pageHeader in (ReadOnlySpan<int>)[16, 24])
            {
                if (read >= pageHeader + 8 && BinaryPrimitives.ReadUInt32LittleEndian(head[pageHeader..]) == Magic)
                {
                    return (int)BinaryPrimitives.ReadUInt32LittleEndian(head[(pageHeader + 4)..]);
                }
            }

            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// The length <paramref name="dataFile"/> must have for its newest committed state (LMDB 0.9 layout: two meta
    /// pages, each with the page size, the last page in use and the transaction id), or null if it is no 0.9 data file.
    /// LMDB maps the file and would die with SIGBUS on a page past its end, so a shorter file must be refused first.
    /// </summary>
    public static long? RequiredLength(string dataFile)
    {
        const int meta = 16, pageSize = meta + 24, lastPage = meta + 120, transaction = meta + 128;
        try
        {
            using var file = File.OpenHandle(dataFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> first = stackalloc byte[transaction + 8];
            if (ImageStorage.IO.PositionedRead.Fill(file, first, 0) < first.Length || BinaryPrimitives.ReadUInt32LittleEndian(first[meta..]) != Magic
                || BinaryPrimitives.ReadUInt32LittleEndian(first[(meta + 4)..]) != SupportedVersion)
            {
                return null;
            }

            uint size = BinaryPrimitives.ReadUInt32LittleEndian(first[pageSize..]);
            if (size is < 512 or > 65536)
            {
                return null;
            }

            Span<byte> second = stackalloc byte[transaction + 8];
            bool hasSecond = ImageStorage.IO.PositionedRead.Fill(file, second, size) == second.Length && BinaryPrimitives.ReadUInt32LittleEndian(second[meta..]) == Magic;
            var newest = hasSecond && BinaryPrimitives.ReadUInt64LittleEndian(second[transaction..]) > BinaryPrimitives.ReadUInt64LittleEndian(first[transaction..]) ? second : first;
            ulong last = BinaryPrimitives.ReadUInt64LittleEndian(newest[lastPage..]);
            return last >= (ulong)(long.MaxValue / size) ? long.MaxValue : (long)((last + 1) * size);
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
