namespace ImageStorage.Tests.Reliability.Campaign;

/// <summary>The corruption classes of part c, each applied to a store on disk from a seeded random source.</summary>
public static class Damage
{
    /// <summary>The corruption classes, in the order cases take them (case i gets class i mod 4).</summary>
    public static readonly string[] Classes = ["byte-flip", "truncation", "zeroed-4KiB", "garbage-metadata"];

    /// <summary>Damages the store at <paramref name="path"/> with class <paramref name="type"/> and says exactly what it did.</summary>
    public static string Apply(string path, string type, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        string[] files = [.. StoreBytes.Files(path).Order(StringComparer.Ordinal)];
        switch (type)
        {
            case "byte-flip":
            {
                string file = Pick(files, random);
                int flips = random.Next(1, 4);
                var offsets = new List<long>();
                for (int i = 0; i < flips; i++)
                {
                    long at = random.NextInt64(new FileInfo(file).Length);
                    Xor(file, at, (byte)random.Next(1, 256));
                    offsets.Add(at);
                }

                return $"{Name(path, file)}: bytes at {string.Join(",", offsets)} changed";
            }

            case "truncation":
            {
                string file = Pick(files, random);
                long length = new FileInfo(file).Length;
                long cut = random.NextInt64(length);
                using (var stream = new FileStream(file, FileMode.Open))
                {
                    stream.SetLength(cut);
                }

                return $"{Name(path, file)}: cut from {length} to {cut} bytes";
            }

            case "zeroed-4KiB":
            {
                string file = Pick(files, random);
                long length = new FileInfo(file).Length;
                long at = random.NextInt64((length + 4095) / 4096) * 4096;
                StoreBytes.Overwrite(file, at, new byte[Math.Min(4096, length - at)]);
                return $"{Name(path, file)}: 4 KiB block at {at} zeroed";
            }

            default:
            {
                // Directory stores keep labels, indexes and manifests in files of their own; a one-file store keeps them in its head and tail.
                string[] metadata = [.. files.Where(IsMetadata)];
                string file = metadata.Length > 0 ? metadata[random.Next(metadata.Length)] : files[0];
                long length = new FileInfo(file).Length;
                var garbage = new byte[Math.Min(random.Next(1, 65), length)];
                random.NextBytes(garbage);
                long region = Math.Min(4096, length - garbage.Length + 1);
                long at = metadata.Length > 0 ? random.NextInt64(length - garbage.Length + 1)
                    : random.Next(2) == 0 ? random.NextInt64(region) : length - garbage.Length - random.NextInt64(region);
                StoreBytes.Overwrite(file, at, garbage);
                return $"{Name(path, file)}: {garbage.Length} random bytes at {at}";
            }
        }
    }

    // Labels, indexes, manifests and database metadata (RocksDB's MANIFEST/CURRENT/OPTIONS).
    private static bool IsMetadata(string file)
    {
        string name = Path.GetFileName(file).ToUpperInvariant();
        string[] words = ["LABEL", "INDEX", "IMAGESTORE.JSON", "MANIFEST", "CURRENT", "OPTIONS", "CHECKSUM", ".JSON", ".CSV"];
        return words.Any(w => name.Contains(w, StringComparison.Ordinal));
    }

    // Half the time any non-empty file, half the time a file chosen in proportion to its size (where most bytes are).
    private static string Pick(string[] files, Random random)
    {
        string[] nonEmpty = [.. files.Where(f => new FileInfo(f).Length > 0)];
        if (random.Next(2) == 0)
        {
            return nonEmpty[random.Next(nonEmpty.Length)];
        }

        long total = nonEmpty.Sum(f => new FileInfo(f).Length);
        long pick = random.NextInt64(total);
        foreach (string file in nonEmpty)
        {
            pick -= new FileInfo(file).Length;
            if (pick < 0)
            {
                return file;
            }
        }

        return nonEmpty[^1];
    }

    private static void Xor(string file, long offset, byte mask)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        int value = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(value ^ mask));
    }

    private static string Name(string path, string file) => file == path ? Path.GetFileName(path) : Path.GetRelativePath(path, file);
}
