namespace ImageStorage;

/// <summary>The checks every store does the same way before a read reaches the backend, and verification of a whole store.</summary>
internal abstract class StoreReader : IImageStore
{
    // Verify reads this many bytes of images at a time: large enough for range reads to be fast, small enough to stay in memory.
    private const int VerifyChunkBytes = 16 << 20;

    private readonly bool _verifyOnRead;
    private int _disposed;

    /// <summary>Initializes the common state.</summary>
    protected StoreReader(string path, StoreKind kind, ImageShape shape, int count, StoreReaderTraits traits)
    {
        Path = path;
        Kind = kind;
        Shape = shape;
        Count = count;
        Encoding = traits.Encoding;
        HasChecksums = traits.HasChecksums;
        ClassNames = traits.ClassNames;
        _verifyOnRead = traits.VerifyOnRead && traits.HasChecksums;
    }

    /// <inheritdoc />
    public string Path { get; }

    /// <inheritdoc />
    public StoreKind Kind { get; }

    /// <inheritdoc />
    public RecordEncoding Encoding { get; }

    /// <inheritdoc />
    public bool HasChecksums { get; }

    /// <inheritdoc />
    public IReadOnlyList<string>? ClassNames { get; }

    /// <inheritdoc />
    public ImageShape Shape { get; }

    /// <inheritdoc />
    public int Count { get; }

    /// <summary>True once disposed.</summary>
    protected bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <inheritdoc />
    public int Read(int id, Span<byte> pixels)
    {
        ThrowIfDisposed();
        CheckId(id);
        CheckPixels(pixels);
        return ReadOne(id, pixels, _verifyOnRead);
    }

    /// <inheritdoc />
    public void ReadRange(int start, ImageBatch destination)
    {
        ThrowIfDisposed();
        CheckDestination(destination);
        if (destination.Count == 0)
        {
            return;
        }

        CheckId(start);
        CheckId(start + destination.Count - 1);
        ReadRangeCore(start, destination, _verifyOnRead);
    }

    /// <inheritdoc />
    public void ReadMany(ReadOnlySpan<int> ids, ImageBatch destination)
    {
        ThrowIfDisposed();
        CheckDestination(destination);
        if (ids.Length != destination.Count)
        {
            throw new ArgumentException($"{ids.Length} ids cannot fill a batch of {destination.Count} images.", nameof(destination));
        }

        foreach (int id in ids)
        {
            CheckId(id);
        }

        if (ids.Length > 0)
        {
            ReadManyCore(ids, destination, _verifyOnRead);
        }
    }

    /// <inheritdoc />
    public virtual VerifyReport Verify(IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var bad = new List<BadImage>();
        int chunk = Math.Clamp(VerifyChunkBytes / Shape.ByteCount, 1, Math.Max(1, Count));
        var buffer = ImageBatch.Allocate(Shape, Math.Min(chunk, Count));
        for (int start = 0; start < Count; start += chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = Math.Min(chunk, Count - start);
            try
            {
                ReadRangeCore(start, buffer.Slice(0, n), verify: true);
            }
            catch (ImageStoreException e) when (e is not StoreReplacedException)
            {
                // Something in this chunk is bad: read it image by image to name every bad one.
                for (int id = start; id < start + n; id++)
                {
                    try
                    {
                        _ = ReadOne(id, buffer.Image(0), verify: true);
                    }
                    catch (ImageStoreException one) when (one is not StoreReplacedException)
                    {
                        bad.Add(new BadImage(id, one.Reason));
                    }
                }
            }

            progress?.Report(start + n);
        }

        return new VerifyReport(Path, Count, HasChecksums, bad);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>Reads one image whose id has been checked; returns its label; checks its checksum if <paramref name="verify"/>.</summary>
    protected abstract int ReadOne(int id, Span<byte> pixels, bool verify);

    /// <summary>Reads a checked, non-empty range; by default image by image.</summary>
    protected virtual void ReadRangeCore(int start, ImageBatch destination, bool verify)
    {
        var labels = destination.Labels;
        for (int i = 0; i < destination.Count; i++)
        {
            labels[i] = ReadOne(start + i, destination.Image(i), verify);
        }
    }

    /// <summary>Reads checked, non-empty ids; by default image by image.</summary>
    protected virtual void ReadManyCore(ReadOnlySpan<int> ids, ImageBatch destination, bool verify)
    {
        var labels = destination.Labels;
        for (int i = 0; i < ids.Length; i++)
        {
            labels[i] = ReadOne(ids[i], destination.Image(i), verify);
        }
    }

    /// <summary>Releases the backend's resources.</summary>
    protected abstract void Dispose(bool disposing);

    /// <summary>Throws <see cref="ObjectDisposedException"/> once disposed.</summary>
    protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(IsDisposed, this);

    private void CheckId(int id)
    {
        if ((uint)id >= (uint)Count)
        {
            throw new ImageIdOutOfRangeException(Path, id, Count);
        }
    }

    private void CheckPixels(Span<byte> pixels)
    {
        if (pixels.Length != Shape.ByteCount)
        {
            throw new ArgumentException($"The pixel buffer holds {pixels.Length} bytes; an image of shape {Shape} needs {Shape.ByteCount}.", nameof(pixels));
        }
    }

    private void CheckDestination(ImageBatch destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Shape != Shape)
        {
            throw new ArgumentException($"The destination batch has shape {destination.Shape}; the store at {Path} holds {Shape}.", nameof(destination));
        }
    }
}

/// <summary>What a reader knows of its store beyond shape and count.</summary>
/// <param name="Encoding">How records hold images.</param>
/// <param name="HasChecksums">True if every image has a stored checksum.</param>
/// <param name="VerifyOnRead">True if ordinary reads check checksums (from <see cref="StoreOptions.VerifyChecksums"/>).</param>
internal readonly record struct StoreReaderTraits(RecordEncoding Encoding, bool HasChecksums, bool VerifyOnRead)
{
    /// <summary>The names of the classes the labels stand for, if the store records them.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }
}
