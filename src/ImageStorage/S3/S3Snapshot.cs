namespace ImageStorage.S3;

/// <summary>
/// An S3 store's committed state as one GET of its manifest saw it: the manifest and the ETag it had, which a
/// writer's conditional commit and a reader's "was the store replaced?" check compare against.
/// </summary>
/// <param name="Manifest">The committed manifest.</param>
/// <param name="ETag">The manifest object's ETag when it was read.</param>
internal sealed record S3Snapshot(IO.StoreManifest Manifest, string ETag)
{
    /// <summary>Reads the manifest of the store in <paramref name="bucket"/>; null if there is none (no committed store there).</summary>
    public static S3Snapshot? TryRead(S3Bucket bucket)
    {
        string key = bucket.Location.Key(S3Keys.Manifest);
        if (S3Bucket.Wait(bucket.TryGetAsync(key)) is not { } found)
        {
            return null;
        }

        string uri = bucket.Location.UriOf(key);
        var manifest = IO.StoreManifest.Parse(found.Bytes, uri);
        var parts = manifest.Parts ?? [];
        if (parts.Any(p => S3Keys.WriterTagOf(p.Name) is null || p.Name.Contains('/', StringComparison.Ordinal) || p.Count <= 0)
            || parts.Sum(p => (long)p.Count) != (manifest.Count ?? 0))
        {
            throw new CorruptStoreException(uri, $"malformed manifest: its parts do not add up to its {manifest.Count ?? 0} images.");
        }

        return new S3Snapshot(manifest, found.ETag);
    }
}
