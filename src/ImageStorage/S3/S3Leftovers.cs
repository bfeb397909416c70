using ImageStorage.IO;

namespace ImageStorage.S3;

/// <summary>
/// Removes the parts that writers killed before their commit left under a store's prefix: those the committed
/// manifest does not list, written by a process of this host that has died (a live writer, or one on another host,
/// may still commit, so its part is never touched), as local stores remove their dead writers' temporary siblings.
/// </summary>
internal static class S3Leftovers
{
    /// <summary>Removes the dead writers' parts beside the store <paramref name="committed"/> describes (null: nothing committed).</summary>
    public static void Remove(S3Bucket bucket, StoreManifest? committed)
    {
        var listed = committed?.Parts?.Select(p => p.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        string prefix = bucket.Location.KeyPrefix;
        var (_, folders) = S3Bucket.Wait(bucket.ListAsync(prefix, "/"));
        foreach (string folder in folders)
        {
            string part = folder[prefix.Length..].TrimEnd('/');
            if (!listed.Contains(part) && S3Keys.WriterTagOf(part) is { } tag && WriterTag.IsDeadWriterOfThisHost(tag))
            {
                S3Bucket.Wait(bucket.DeleteAllUnderAsync(folder));
            }
        }
    }
}
