namespace ImageStorage.Benchmarks.Fleet;

/// <summary>The checksum of every written image (<see cref="ImageChecksum.Compute"/>, by id), kept in a file the ranks read to check what they read.</summary>
public static class FleetChecksums
{
    /// <summary>Writes the checksums of <paramref name="images"/> to <paramref name="path"/>, four little-endian bytes each.</summary>
    public static void Save(string path, ImageBatch images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var sums = ImageChecksum.ComputeAll(images);
        var bytes = new byte[sums.Length * sizeof(uint)];
        for (int i = 0; i < sums.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * sizeof(uint)), sums[i]);
        }

        File.WriteAllBytes(path, bytes);
    }

    /// <summary>Reads the checksums <see cref="Save"/> wrote.</summary>
    public static uint[] Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var sums = new uint[bytes.Length / sizeof(uint)];
        for (int i = 0; i < sums.Length; i++)
        {
            sums[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * sizeof(uint)));
        }

        return sums;
    }
}
