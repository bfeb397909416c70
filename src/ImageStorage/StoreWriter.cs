using ImageStorage.IO;

namespace ImageStorage;

/// <summary>
/// The checks and the commit-or-discard life cycle every store writer shares. A new store is written into a hidden
/// staging sibling that <see cref="Commit"/> moves into place and <see cref="Dispose"/> deletes; an append writes in
/// place, past the committed count, holding the store's writer lock. Backends only write and seal.
/// </summary>
internal abstract class StoreWriter : IImageStoreWriter
{
    private readonly StoreStaging? _staging;
    private readonly StoreLock? _lock;
    private bool _finished;
    private bool _committed;
    private bool _disposed;
    private ImageBatch? _one;

    /// <summary>Initializes the common state; <paramref name="committedCount"/> images are already committed.</summary>
    protected StoreWriter(string path, ImageShape shape, int committedCount, StoreStaging? staging, StoreLock? storeLock)
    {
        Path = path;
        Shape = shape;
        CommittedCount = committedCount;
        Count = committedCount;
        _staging = staging;
        _lock = storeLock;
    }

    /// <inheritdoc />
    public string Path { get; }

    /// <inheritdoc />
    public ImageShape Shape { get; }

    /// <inheritdoc />
    public int Count { get; private set; }

    /// <summary>Images the store held before this writer began.</summary>
    protected int CommittedCount { get; }

    /// <summary>Where the backend writes: the staging sibling of a new store, or the store itself for an append.</summary>
    protected string Location => _staging?.Location ?? Path;

    /// <summary>True if the backend writes a new store into a staging sibling (false: an append in place).</summary>
    protected bool IsStaged => _staging is not null;

    /// <inheritdoc />
    public int Add(ReadOnlySpan<byte> pixels, int label)
    {
        ThrowIfFinished();
        if (pixels.Length != Shape.ByteCount)
        {
            throw new InvalidImageException(Path, Count, $"has {pixels.Length} bytes; the store holds images of shape {Shape} ({Shape.ByteCount} bytes).");
        }

        CheckLabel(Count, label);
        WriteOne(Count, pixels, label);
        return Count++;
    }

    /// <inheritdoc />
    public void AddMany(ImageBatch batch)
    {
        ThrowIfFinished();
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Shape != Shape)
        {
            throw new InvalidImageException(Path, Count, $"the batch holds images of shape {batch.Shape}; the store holds {Shape}.");
        }

        var labels = batch.Labels;
        for (int i = 0; i < labels.Length; i++)
        {
            CheckLabel(Count + i, labels[i]);
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
            Seal();
            _staging?.Publish();
            _committed = true;
        }
        finally
        {
            Dispose();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _finished = true;
        if (!_disposed)
        {
            _disposed = true;
            try
            {
                Release(discard: !_committed);
                if (!_committed)
                {
                    _staging?.Discard();
                }
            }
            finally
            {
                _lock?.Dispose();
            }
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Writes one checked image under <paramref name="id"/>, invisible to readers until committed; by default as a batch of one.</summary>
    protected virtual void WriteOne(int id, ReadOnlySpan<byte> pixels, int label)
    {
        _one ??= ImageBatch.Allocate(Shape, 1);
        pixels.CopyTo(_one.Pixels);
        _one.Labels[0] = label;
        WriteMany(id, _one);
    }

    /// <summary>Writes a checked, non-empty batch under ids <paramref name="firstId"/>…, invisible to readers until committed.</summary>
    protected abstract void WriteMany(int firstId, ImageBatch batch);

    /// <summary>Makes everything written durable and records the new count at <see cref="Location"/> (for an append, that is the commit itself).</summary>
    protected abstract void Seal();

    /// <summary>Releases resources; if <paramref name="discard"/>, removes what an append wrote past the committed count.</summary>
    protected abstract void Release(bool discard);

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
