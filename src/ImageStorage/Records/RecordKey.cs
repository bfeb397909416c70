namespace ImageStorage.Records;

/// <summary>
/// The keys of key-value stores (LMDB, RocksDB): an image's id as ten ASCII digits ("0000000042"), so byte order is
/// id order, and the store's metadata under <see cref="MetadataKey"/>, which sorts before every id, so new ids are
/// always appended at the end.
/// </summary>
internal static class RecordKey
{
    /// <summary>Bytes in an image key.</summary>
    public const int Size = 10;

    /// <summary>The key of the record holding the store's manifest JSON.</summary>
    public static ReadOnlySpan<byte> MetadataKey => "!imagestorage"u8;

    /// <summary>Writes the key of <paramref name="id"/> into <paramref name="key"/> (ten bytes).</summary>
    public static void Write(int id, Span<byte> key)
    {
        uint value = (uint)id;
        for (int i = Size - 1; i >= 0; i--)
        {
            key[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary>Parses a key written by <see cref="Write"/>; -1 if it is not one.</summary>
    public static int Parse(ReadOnlySpan<byte> key)
    {
        if (key.Length != Size)
        {
            return -1;
        }

        long value = 0;
        foreach (byte b in key)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return -1;
            }

            value = (value * 10) + (b - '0');
        }

        return value > int.MaxValue ? -1 : (int)value;
    }
}
