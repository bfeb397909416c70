namespace ImageStorage.Tests.Reliability;

/// <summary>Finds where a store keeps given bytes on disk, so a test can damage exactly one image or label of any kind.</summary>
public static class StoreBytes
{
    /// <summary>The files of a store (itself if it is a file), every file of a directory store.</summary>
    public static string[] Files(string path) => File.Exists(path) ? [path] : Directory.GetFiles(path, "*", SearchOption.AllDirectories);

    /// <summary>The one place in the store's files holding <paramref name="needle"/>; fails unless there is exactly one.</summary>
    public static (string File, long Offset) FindOnce(string path, ReadOnlySpan<byte> needle)
    {
        (string, long)? found = null;
        foreach (string file in Files(path))
        {
            byte[] bytes = File.ReadAllBytes(file);
            for (int at = bytes.AsSpan().IndexOf(needle); at >= 0;)
            {
                Assert.True(found is null, $"the bytes occur more than once in {path}");
                found = (file, at);
                int next = bytes.AsSpan(at + 1).IndexOf(needle);
                at = next < 0 ? -1 : at + 1 + next;
            }
        }

        return found ?? throw new Xunit.Sdk.XunitException($"the bytes are nowhere in {path}");
    }

    /// <summary>Flips every bit of the byte at <paramref name="offset"/> of <paramref name="file"/>.</summary>
    public static void Flip(string file, long offset)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        int value = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)~value);
    }

    /// <summary>Overwrites bytes of <paramref name="file"/> at <paramref name="offset"/>.</summary>
    public static void Overwrite(string file, long offset, ReadOnlySpan<byte> bytes)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        stream.Write(bytes);
    }
}
