namespace ImageStorage;

/// <summary>The checks and the commit-or-discard life cycle every store writer shares; backends write and publish.</summary>
public abstract class StoreWriter : IImageStoreWriter
{
    private bool _finished;
    private bool _committed;
    private bool _disposed;

    /// <summary>Initializes the common state; <paramref name="existingCount"/> images are already committed.</summary>
    protected StoreWriter(string path, ImageShape shape, int existingCount)
    {
        Path = path;
        Shape = shape;
        CommittedCount = existingCount;
        Count = existingCount;
    }

    /// <inheritdoc />
    public string Path { get; }

    /// <inheritdoc />
    public ImageShape Shape { get; }

    /// <inheritdoc />
    public int Count { get; private set; }

    /// <summary>Images the store held before this writer began.</summary>
    protected int CommittedCount { get; }

    /// <inheritdoc />
    public void Store(int id, ReadOnlySpan<byte> pixels, int label)
    {
        ThrowIfFinished();
        if (id != Count)
        {
            throw new InvalidImageException(Path, id, $"ids are dense and assigned in order: the next id is {Count}.");
        }

        if (pixels.Length != Shape.ByteCount)
        {
            throw new InvalidImageException(Path, id, $"has {pixels.Length} bytes; the store holds images of shape {Shape} ({Shape.ByteCount} bytes).");
        }

        CheckLabel(id, label);
        WriteOne(id, pixels, label);
        Count++;
    }

    /// <inheritdoc />
    public void StoreMany(ImageBatch batch)
    {
        ThrowIfFinished();
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Shape != Shape)
        {
            throw new InvalidImageException(Path, Count, $"the batch holds images of shape {batch.Shape}; the store holds {Shape}.");
        }

        for (int i = 0; i < batch.Count; i++)
        {
            CheckLabel(Count + i, batch.Labels[i]);
        }

        if (batch.Count == 0)
        {
            return;
        }

        WriteMany(Count, batch);
        Count += batch.Count;
    }

    /// <inheritdoc />
    public void Commit()
    {
        ThrowIfFinished();
        _finished = true;
        try
        {
            Publish();
            _committed = true;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _finished = true;
        if (!_disposed)
        {
            _disposed = true;
            Dispose(discard: !_committed);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Writes one checked image under <paramref name="id"/>, invisible to readers until <see cref="Publish"/>.</summary>
    protected abstract void WriteOne(int id, ReadOnlySpan<byte> pixels, int label);

    /// <summary>Writes a checked, non-empty batch under ids <paramref name="firstId"/>…, invisible to readers until <see cref="Publish"/>.</summary>
    protected abstract void WriteMany(int firstId, ImageBatch batch);

    /// <summary>Makes everything written visible at <see cref="Path"/>, atomically and durably.</summary>
    protected abstract void Publish();

    /// <summary>Releases resources; if <paramref name="discard"/>, throws away what was written (the writer was not committed).</summary>
    protected abstract void Dispose(bool discard);

    private void CheckLabel(int id, int label)
    {
        if (label < 0)
        {
            throw new InvalidImageException(Path, id, $"label {label} is out of range: labels are non-negative integers.");
        }
    }

    private void ThrowIfFinished()
    {
        if (_finished)
        {
            throw new InvalidOperationException($"The writer for {Path} has already been committed or disposed.");
        }
    }
}
