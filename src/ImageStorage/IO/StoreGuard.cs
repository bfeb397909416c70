namespace ImageStorage.IO;

/// <summary>The one rule for creating a store where something already is: replace only a store of the same kind, and only when asked.</summary>
internal static class StoreGuard
{
    public static void CheckCreate(string path, StoreOptions options, Func<string, bool> isSameKind, string kind)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            return;
        }

        if (!options.Overwrite)
        {
            throw new ImageStoreException(path, "already exists; pass Overwrite = true to replace the store there.");
        }

        if (!isSameKind(path))
        {
            throw new NotAStoreException(path, $"exists and is not a {kind} store; refusing to replace it.");
        }
    }
}
