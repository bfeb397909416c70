using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using ImageStorage.IO;

namespace ImageStorage.Partitioned;

/// <summary>
/// A store split into parts, each an ordinary store of one <see cref="StoreKind"/>, in one directory — <c>part-i</c>
/// (<c>part-i.h5</c> for HDF5), <c>part-i.ids</c> (each image's source id, little-endian int32) and <c>partitions.json</c>
/// (format, version, kind, shape, part counts) — so that each part can be read by its own thread or process and any
/// choice of parts reads as one store.
/// </summary>
public sealed class PartitionedStore : IDisposable
{
    private readonly IImageStore[] _parts;
    private readonly int[][] _sourceIds;
    private int _disposed;

    private PartitionedStore(string path, StoreKind kind, ImageShape shape, IImageStore[] parts, int[][] sourceIds)
    {
        Path = path;
        Kind = kind;
        Shape = shape;
        _parts = parts;
        _sourceIds = sourceIds;
        Count = parts.Sum(p => p.Count);
    }

    /// <summary>The store's directory.</summary>
    public string Path { get; }

    /// <summary>The kind of store every part is.</summary>
    public StoreKind Kind { get; }

    /// <summary>The shape every image has.</summary>
    public ImageShape Shape { get; }

    /// <summary>Number of parts.</summary>
    public int PartCount => _parts.Length;

    /// <summary>Number of images in all parts together.</summary>
    public int Count { get; }

    /// <summary>The file or directory name of part <paramref name="part"/> of a store of <paramref name="kind"/>.</summary>
    internal static string PartName(StoreKind kind, int part) => ImageStores.DefaultName(kind, "part-" + part.ToString(CultureInfo.InvariantCulture));

    /// <summary>The file name of the source ids of part <paramref name="part"/>.</summary>
    internal static string SourceIdsName(int part) => "part-" + part.ToString(CultureInfo.InvariantCulture) + ".ids";

    /// <summary>
    /// Writes <paramref name="batch"/> as a new partitioned store at <paramref name="path"/>, part p holding the images
    /// <paramref name="partIds"/>[p] in that order, and publishes it in one atomic step (Overwrite replaces only a partitioned store).
    /// </summary>
    public static void Write(StoreKind kind, string path, ImageBatch batch, IReadOnlyList<int[]> partIds, StoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(partIds);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown store kind.");
        }

        CheckCover(partIds, batch.Count);
        options ??= StoreOptions.Default;
        var staging = StoreStaging.ForNew(path, options, "partitioned", isDirectory: true, () => IsReadable(path));
        string temp = staging.Location;
        try
        {
            // Parts are created inside the fresh temp directory, so there is never anything of theirs to overwrite.
            var partOptions = options with { Overwrite = false };
            var counts = new int[partIds.Count];
            for (int p = 0; p < partIds.Count; p++)
            {
                int[] ids = partIds[p];
                ImageStores.Write(kind, System.IO.Path.Combine(temp, PartName(kind, p)), batch.Gather(ids), partOptions);
                AtomicPublish.WriteFile(System.IO.Path.Combine(temp, SourceIdsName(p)), EncodeIds(ids));
                counts[p] = ids.Length;
            }

            var manifest = new PartitionManifest(PartitionManifest.FormatName, 1, kind, batch.Shape.Height, batch.Shape.Width, batch.Shape.Channels, counts);
            AtomicPublish.WriteFile(System.IO.Path.Combine(temp, PartitionManifest.FileName), JsonSerializer.SerializeToUtf8Bytes(manifest, PartitionManifest.Options));
            staging.Publish();
        }
        catch
        {
            staging.Discard();
            throw;
        }
    }

    /// <summary>Opens the partitioned store at <paramref name="path"/> and every one of its parts for reading.</summary>
    public static PartitionedStore Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var manifest = PartitionManifest.Read(path);
        var parts = new IImageStore[manifest.PartCounts.Length];
        var sourceIds = new int[parts.Length][];
        try
        {
            long total = 0;
            for (int p = 0; p < parts.Length; p++)
            {
                parts[p] = OpenPart(path, manifest, p);
                total += manifest.PartCounts[p];
            }

            if (total > int.MaxValue)
            {
                throw new CorruptStoreException(System.IO.Path.Combine(path, PartitionManifest.FileName), $"the parts hold {total} images together; a store holds at most {int.MaxValue}.");
            }

            var owner = new int[total];
            Array.Fill(owner, -1);
            for (int p = 0; p < parts.Length; p++)
            {
                sourceIds[p] = ReadIds(path, p, manifest.PartCounts[p], owner);
            }

            return new PartitionedStore(path, manifest.PartKind, manifest.Shape, parts, sourceIds);
        }
        catch
        {
            foreach (var part in parts)
            {
                part?.Dispose();
            }

            throw;
        }
    }

    /// <summary>Part <paramref name="part"/> as a store of its own (ids 0 .. its count − 1); disposing it leaves this store open.</summary>
    public IImageStore Part(int part)
    {
        ThrowIfDisposed();
        CheckPart(part, nameof(part));
        return new PartitionedView(_parts[part].Path, Shape, [_parts[part]]);
    }

    /// <summary>The source ids of the images of part <paramref name="part"/>, in the part's order (image i of the part is source image SourceIds(part)[i]).</summary>
    public ReadOnlySpan<int> SourceIds(int part)
    {
        ThrowIfDisposed();
        CheckPart(part, nameof(part));
        return _sourceIds[part];
    }

    /// <summary>A read-only view of the chosen parts one after another, with ids 0 .. their total count − 1; nothing is copied.</summary>
    public IImageStore Combined(IEnumerable<int> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ThrowIfDisposed();
        var chosen = new List<IImageStore>();
        var seen = new bool[_parts.Length];
        foreach (int p in parts)
        {
            CheckPart(p, nameof(parts));
            if (seen[p])
            {
                throw new ArgumentException($"Part {p} is listed twice; a view holds each part once.", nameof(parts));
            }

            seen[p] = true;
            chosen.Add(_parts[p]);
        }

        return new PartitionedView(Path, Shape, [.. chosen]);
    }

    /// <summary>Closes every part; views obtained from this store fail with <see cref="ObjectDisposedException"/> after it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            foreach (var part in _parts)
            {
                part.Dispose();
            }
        }
    }

    // What Overwrite may replace: a partitioned store whose every part opens.
    private static bool IsReadable(string path)
    {
        try
        {
            Open(path).Dispose();
            return true;
        }
        catch (ImageStoreException)
        {
            return false;
        }
    }

    private static void CheckCover(IReadOnlyList<int[]> partIds, int count)
    {
        if (partIds.Count == 0)
        {
            throw new ArgumentException("A partitioned store needs at least one part.", nameof(partIds));
        }

        var owner = new int[count];
        Array.Fill(owner, -1);
        for (int p = 0; p < partIds.Count; p++)
        {
            int[] ids = partIds[p] ?? throw new ArgumentException($"Part {p} has no id list.", nameof(partIds));
            foreach (int id in ids)
            {
                if ((uint)id >= (uint)count)
                {
                    throw new ArgumentException($"Part {p} lists id {id}, but the batch holds ids 0..{count - 1}.", nameof(partIds));
                }

                if (owner[id] >= 0)
                {
                    throw new ArgumentException($"Id {id} is listed twice: in part {owner[id]} and in part {p}.", nameof(partIds));
                }

                owner[id] = p;
            }
        }

        int missing = Array.IndexOf(owner, -1);
        if (missing >= 0)
        {
            throw new ArgumentException($"Id {missing} is in no part; every image of the batch must be in exactly one.", nameof(partIds));
        }
    }

    private static byte[] EncodeIds(int[] ids)
    {
        var bytes = new byte[ids.Length * sizeof(int)];
        for (int i = 0; i < ids.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * sizeof(int)), ids[i]);
        }

        return bytes;
    }

    private static IImageStore OpenPart(string path, PartitionManifest manifest, int p)
    {
        string partPath = System.IO.Path.Combine(path, PartName(manifest.PartKind, p));
        if (!File.Exists(partPath) && !Directory.Exists(partPath))
        {
            throw new CorruptStoreException(partPath, $"part {p} of the partitioned store is missing.");
        }

        IImageStore store;
        try
        {
            store = ImageStores.Open(partPath);
        }
        catch (NotAStoreException e)
        {
            // Inside a partitioned store a part that is not a store is damage, not a wrong path.
            throw new CorruptStoreException(partPath, $"part {p} is not a readable {manifest.PartKind} store: {e.Message}", e);
        }

        if (store.Kind != manifest.PartKind || store.Shape != manifest.Shape || store.Count != manifest.PartCounts[p])
        {
            string found = $"holds {store.Count} images of shape {store.Shape} ({store.Kind})";
            store.Dispose();
            throw new CorruptStoreException(partPath, $"part {p} {found}; the manifest says {manifest.PartKind}, {manifest.PartCounts[p]} of shape {manifest.Shape}.");
        }

        return store;
    }

    private static int[] ReadIds(string path, int p, int count, int[] owner)
    {
        string file = System.IO.Path.Combine(path, SourceIdsName(p));
        if (!File.Exists(file))
        {
            throw new CorruptStoreException(file, $"the source ids of part {p} are missing.");
        }

        byte[] bytes = File.ReadAllBytes(file);
        if (bytes.Length != (long)count * sizeof(int))
        {
            throw new CorruptStoreException(file, $"holds {bytes.Length} bytes; part {p} holds {count} images, whose ids take {(long)count * sizeof(int)}.");
        }

        var ids = new int[count];
        for (int i = 0; i < count; i++)
        {
            int id = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(i * sizeof(int)));
            if ((uint)id >= (uint)owner.Length)
            {
                throw new CorruptStoreException(file, i, $"source id {id} is out of range 0..{owner.Length - 1}.");
            }

            if (owner[id] >= 0)
            {
                throw new CorruptStoreException(file, i, $"source id {id} is also listed by part {owner[id]}.");
            }

            owner[id] = p;
            ids[i] = id;
        }

        return ids;
    }

    private void CheckPart(int part, string paramName)
    {
        if ((uint)part >= (uint)_parts.Length)
        {
            throw new ArgumentOutOfRangeException(paramName, part, $"The store at {Path} has parts 0..{_parts.Length - 1}.");
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
