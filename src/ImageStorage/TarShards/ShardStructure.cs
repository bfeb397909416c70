using System.Formats.Tar;
using System.Globalization;

namespace ImageStorage.TarShards;

/// <summary>
/// Checks that the shards and the index agree, reading the shards with System.Formats.Tar's <see cref="TarReader"/>
/// (an implementation independent of the index): each image's member has the expected name, type, data offset and
/// length, and is followed by its <c>.cls</c> member holding the label the index gives.
/// </summary>
internal static class ShardStructure
{
    /// <summary>Every image whose members do not match the index, in id order.</summary>
    public static List<BadImage> Check(TarShardsReader store, CancellationToken cancellationToken)
    {
        var bad = new List<BadImage>();
        string extension = ShardNames.ImageExtension(store.Encoding);
        int id = 0;
        while (id < store.Count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int shard = store.Entry(id).Shard;
            int end = id;
            while (end < store.Count && store.Entry(end).Shard == shard)
            {
                end++;
            }

            CheckShard(store, shard, id, end, extension, bad);
            id = end;
        }

        return bad;
    }

    // Walks shard number `shard`, which the index says holds images [first, end).
    private static void CheckShard(TarShardsReader store, int shard, int first, int end, string extension, List<BadImage> bad)
    {
        string name = ShardNames.Shard(shard);
        using var file = store.Directory.TryOpenFile(name);
        if (file is null)
        {
            for (int id = first; id < end; id++)
            {
                bad.Add(new BadImage(id, $"its shard {name} does not exist."));
            }

            return;
        }

        using var stream = new FileStream(file, FileAccess.Read);
        using var reader = new TarReader(stream);
        int at = first;
        try
        {
            for (; at < end; at++)
            {
                // Members come in pairs, the image's then its label's: both are read, so one bad member stays one bad image.
                var image = reader.GetNextEntry();
                var label = image is null ? null : reader.GetNextEntry();
                if (Problem(store.Entry(at), ShardNames.Key(at), extension, image, label) is { } problem)
                {
                    bad.Add(new BadImage(at, $"{name}: {problem}"));
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            // The archive is unreadable from here on: every image it should still hold is bad.
            for (; at < end; at++)
            {
                bad.Add(new BadImage(at, $"{name} cannot be read as a tar archive here: {e.Message}"));
            }
        }
    }

    // What is wrong with an image's two members, or null if they are what the index says.
    private static string? Problem(ShardEntry entry, string key, string extension, TarEntry? image, TarEntry? label)
    {
        if (Mismatch(image, key + extension, entry.Length) is { } problem)
        {
            return problem;
        }

        if (image!.DataOffset != entry.Offset)
        {
            return string.Create(CultureInfo.InvariantCulture, $"member {image.Name}'s data is at byte {image.DataOffset}, the index says {entry.Offset}.");
        }

        return Mismatch(label, key + ShardNames.LabelExtension, null)
            ?? (ReadLabel(label!) == entry.Label ? null : string.Create(CultureInfo.InvariantCulture, $"member {label!.Name} holds label '{ReadText(label!)}', the index says {entry.Label}."));
    }

    // Why a member is not the expected regular file (null if it is); a null length accepts any length.
    private static string? Mismatch(TarEntry? member, string expectedName, int? expectedLength)
    {
        if (member is null)
        {
            return $"the archive ends before member {expectedName}.";
        }

        if (member.Name != expectedName || member.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
        {
            return $"member {member.Name} ({member.EntryType}) where {expectedName} should be.";
        }

        return expectedLength is int length && member.Length != length
            ? string.Create(CultureInfo.InvariantCulture, $"member {member.Name} is {member.Length} bytes, the index says {length}.")
            : null;
    }

    private static int ReadLabel(TarEntry member) =>
        int.TryParse(ReadText(member), NumberStyles.None, CultureInfo.InvariantCulture, out int label) ? label : -1;

    private static string ReadText(TarEntry member)
    {
        if (member.DataStream is null || member.Length > 64)
        {
            return "";
        }

        using var text = new StreamReader(member.DataStream, leaveOpen: true);
        return text.ReadToEnd();
    }
}
