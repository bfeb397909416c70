namespace ImageStorage;

/// <summary>The checks every store does the same way before a read reaches the backend.</summary>
public abstract class StoreReader : IImageStore
{
    private int _disposed;

    /// <summary>Initializes the common state.</summary>
    protected StoreReader(string path, ImageShape shape, int count)
    {
        Path = path;
        Shape = shape;
        Count = count;
    }

    /// <inheritdoc />
    public string Path { get; }

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
        if (pixels.Length != Shape.ByteCount)
        {
            throw new ArgumentException($"The pixel buffer holds {pixels.Length} bytes; an image of shape {Shape} needs {Shape.ByteCount}.", nameof(pixels));
        }

        return ReadOne(id, pixels);
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
        ReadRangeCore(start, destination);
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

        ReadManyCore(ids, destination);
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

    /// <summary>Reads one image whose id has been checked; returns its label.</summary>
    protected abstract int ReadOne(int id, Span<byte> pixels);

    /// <summary>Reads a checked, non-empty range; by default image by image.</summary>
    protected virtual void ReadRangeCore(int start, ImageBatch destination)
    {
        for (int i = 0; i < destination.Count; i++)
        {
            destination.Labels[i] = ReadOne(start + i, destination.Image(i));
        }
    }

    /// <summary>Reads checked ids; by default image by image.</summary>
    protected virtual void ReadManyCore(ReadOnlySpan<int> ids, ImageBatch destination)
    {
        for (int i = 0; i < ids.Length; i++)
        {
            destination.Labels[i] = ReadOne(ids[i], destination.Image(i));
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

    private void CheckDestination(ImageBatch destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Shape != Shape)
        {
            throw new ArgumentException($"The destination batch has shape {destination.Shape}; the store at {Path} holds {Shape}.", nameof(destination));
        }
    }
}
