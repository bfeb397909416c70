using ImageStorage.IO;

namespace ImageStorage;

/// <summary>
/// What is at a path, looked at once so that every store kind can recognise its own without opening it: for a
/// directory, an open handle and its manifest if it has one; for a file, its first bytes. A reader that opens the
/// store takes the directory handle over, so the store is read from exactly the directory that was looked at.
/// </summary>
internal sealed class StoreProbe : IDisposable
{
    /// <summary>How many leading bytes of a file are read for formats to recognise their signature.</summary>
    public const int HeadLength = 16;

    private readonly Lazy<StoreManifest?> _manifest;
    private DirectoryHandle? _directory;

    private StoreProbe(string path)
    {
        Path = path;
        IsDirectory = System.IO.Directory.Exists(path);
        IsFile = !IsDirectory && File.Exists(path);
        Head = IsFile ? ReadHead(path) : [];
        _directory = IsDirectory ? DirectoryHandle.Open(path) : null;
        _manifest = new Lazy<StoreManifest?>(() => _directory is null ? null : StoreManifest.TryRead(_directory));
    }

    /// <summary>The path looked at.</summary>
    public string Path { get; }

    /// <summary>True if the path is a directory.</summary>
    public bool IsDirectory { get; }

    /// <summary>True if the path is a file.</summary>
    public bool IsFile { get; }

    /// <summary>The first <see cref="HeadLength"/> bytes of a file (fewer if it is shorter); empty for a directory.</summary>
    public byte[] Head { get; }

    /// <summary>The directory's <c>imagestore.json</c>, if it has one (a malformed one throws <see cref="CorruptStoreException"/>).</summary>
    public StoreManifest? Manifest => _manifest.Value;

    /// <summary>Looks at <paramref name="path"/>.</summary>
    public static StoreProbe Of(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new StoreProbe(path);
    }

    /// <summary>True if the directory holds an entry called <paramref name="name"/>.</summary>
    public bool Has(string name) => IsDirectory && System.IO.Path.Exists(System.IO.Path.Combine(Path, name));

    /// <summary>Hands the open directory to a reader, which then owns it.</summary>
    public DirectoryHandle TakeDirectory()
    {
        var directory = _directory ?? throw new NotAStoreException(Path, IsFile ? "is a file, not a store directory." : "no such store directory.");
        _directory = null;
        return directory;
    }

    /// <summary>The reason no kind recognised the path, for the error message.</summary>
    public string Describe() =>
        IsDirectory ? "a directory that is no image store (no imagestore.json, no LMDB data.mdb, …)"
        : IsFile ? "a file that is no image store (not HDF5, …)"
        : "no such file or directory";

    /// <inheritdoc />
    public void Dispose() => _directory?.Dispose();

    private static byte[] ReadHead(string path)
    {
        try
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var head = new byte[HeadLength];
            return head[..PositionedRead.Fill(file, head, 0)];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }
}
