using ImageStorage.IO;

namespace ImageStorage;

/// <summary>
/// Where a new store is built before it appears: a hidden sibling of its path (same file system, so one rename
/// publishes it), exchanged atomically with the store it replaces. Replacing is allowed only with
/// <see cref="StoreOptions.Overwrite"/>, only for a readable store of the same kind, and only while no other writer
/// holds that store's lock.
/// </summary>
internal sealed class StoreStaging
{
    private readonly string _path;
    private readonly bool _replace;
    private readonly StoreLock? _replacedLock;

    private StoreStaging(string path, string location, bool replace, StoreLock? replacedLock)
    {
        _path = path;
        Location = location;
        _replace = replace;
        _replacedLock = replacedLock;
    }

    /// <summary>The staging sibling the backend writes into.</summary>
    public string Location { get; }

    /// <summary>Stages a new store of <paramref name="format"/> for <paramref name="path"/>, after checking what is there now.</summary>
    public static StoreStaging ForNew(StoreFormat format, string path, StoreOptions options) =>
        ForNew(path, options, format.DisplayName, format.IsDirectory, () => StoreFormats.IsReadableStoreOf(format, path));

    /// <summary>
    /// Stages a new store called a <paramref name="kind"/> store in messages for <paramref name="path"/>; something
    /// already there is replaced only if <paramref name="isReplaceable"/> says it is a readable store of that kind.
    /// </summary>
    public static StoreStaging ForNew(string path, StoreOptions options, string kind, bool isDirectory, Func<bool> isReplaceable)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        bool exists = File.Exists(path) || Directory.Exists(path);
        StoreLock? replacedLock = null;
        if (exists)
        {
            if (!options.Overwrite)
            {
                throw new ImageStoreException(path, "already exists; pass Overwrite = true to replace the store there.");
            }

            if (!isReplaceable())
            {
                throw new NotAStoreException(path, $"exists and is not a readable {kind} store; refusing to replace it.");
            }

            // No appender may be at work on the store we are about to replace; held until this writer ends.
            replacedLock = StoreLock.Acquire(path);
        }

        return Stage(isDirectory, path, exists, replacedLock);
    }

    /// <summary>Stages a whole new copy of the existing store at <paramref name="path"/> (for kinds that cannot extend a file in place).</summary>
    public static StoreStaging ForRewrite(StoreFormat format, string path) => Stage(format.IsDirectory, path, replace: true, replacedLock: null);

    /// <summary>Moves the staged store into place.</summary>
    public void Publish()
    {
        AtomicPublish.Publish(Location, _path, _replace);
        _replacedLock?.Dispose();
    }

    /// <summary>Deletes the staged store.</summary>
    public void Discard()
    {
        AtomicPublish.Delete(Location);
        _replacedLock?.Dispose();
    }

    private static StoreStaging Stage(bool isDirectory, string path, bool replace, StoreLock? replacedLock)
    {
        try
        {
            string location = AtomicPublish.TempSibling(path);
            if (isDirectory)
            {
                Directory.CreateDirectory(location);
            }

            return new StoreStaging(path, location, replace, replacedLock);
        }
        catch
        {
            replacedLock?.Dispose();
            throw;
        }
    }
}
