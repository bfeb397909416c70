using ImageStorage.IO;
using ImageStorage.S3;

namespace ImageStorage;

/// <summary>
/// What is at a path, looked at once so that every store kind can recognise its own without opening it: for a
/// directory, an open handle and its manifest if it has one; for a file, its first bytes. A reader that opens the
/// store takes the directory handle over, so the store is read from exactly the directory that was looked at. An
/// <c>s3://bucket/prefix</c> location is looked at through one GET of its manifest object, on first use.
/// </summary>
internal sealed class StoreProbe : IDisposable
{
    /// <summary>How many leading bytes of a file are read for formats to recognise their signature.</summary>
    public const int HeadLength = 16;

    private readonly Lazy<StoreManifest?> _manifest;
    private readonly Lazy<S3Snapshot?> _s3;
    private DirectoryHandle? _directory;
    private S3Bucket? _bucket;

    private StoreProbe(string path)
    {
        Path = path;
        IsS3 = S3Location.IsS3(path);
        _bucket = IsS3 ? new S3Bucket(S3Location.Parse(path)) : null;
        _s3 = new Lazy<S3Snapshot?>(() => _bucket is null ? null : S3Snapshot.TryRead(_bucket));
        IsDirectory = !IsS3 && System.IO.Directory.Exists(path);
        IsFile = !IsS3 && !IsDirectory && File.Exists(path);
        Head = IsFile ? ReadHead(path) : [];
        _directory = IsDirectory ? DirectoryHandle.Open(path) : null;
        _manifest = new Lazy<StoreManifest?>(() => _directory is null ? null : StoreManifest.TryRead(_directory));
    }

    /// <summary>The path looked at.</summary>
    public string Path { get; }

    /// <summary>True if the path is an S3 location (<c>s3://bucket/prefix</c>), never a local file or directory.</summary>
    public bool IsS3 { get; }

    /// <summary>For an S3 location, its committed manifest, or null if nothing is committed there (read on first use).</summary>
    public S3Snapshot? S3 => _s3.Value;

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

    /// <summary>Hands the S3 client the manifest was read with to a reader, which then owns it.</summary>
    public S3Bucket TakeBucket()
    {
        var bucket = _bucket ?? throw new NotAStoreException(Path, "is not an S3 location (s3://bucket/prefix).");
        _bucket = null;
        return bucket;
    }

    /// <summary>The reason no kind recognised the path, for the error message.</summary>
    public string Describe() =>
        IsS3 ? $"no {S3Keys.Manifest} object there (nothing is committed under that prefix)"
        : IsDirectory ? "a directory that is no image store (no imagestore.json, no LMDB data.mdb, …)"
        : IsFile ? "a file that is no image store (not HDF5, …)"
        : "no such file or directory";

    /// <inheritdoc />
    public void Dispose()
    {
        _directory?.Dispose();
        _bucket?.Dispose();
    }

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
