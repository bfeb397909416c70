using System.Runtime.ExceptionServices;

namespace ImageStorage.Loading;

/// <summary>
/// Feeds a training loop from any store: batches of <see cref="LoaderOptions.BatchSize"/> for a number of epochs, in
/// a seeded order that is the same on every machine and for any number of threads, this rank's share of each epoch,
/// read ahead on background threads into reused buffers, in the layout the trainer takes. A batch is valid until the
/// next <see cref="MoveNext"/>. <see cref="State"/> says where the loader is; a loader created from it yields exactly
/// the batches that remained. Disposing stops the background reads; the store stays open (it is the caller's).
/// </summary>
public sealed class BatchLoader : IDisposable
{
    private readonly IImageStore _store;
    private readonly LoaderOptions _options;
    private readonly EpochPlan _plan;
    private readonly BatchFiller _filler;
    private readonly LoaderBatch[] _pool;
    private readonly BatchPrefetcher? _prefetcher;
    private readonly long _first;
    private readonly long _total;
    private long _delivered;
    private LoaderBatch? _current;
    private ExceptionDispatchInfo? _fault;
    private bool _disposed;

    /// <summary>Creates a loader over <paramref name="store"/>; nothing is read before the first <see cref="MoveNext"/>.</summary>
    /// <param name="store">Any store, or a view over several (a partitioned store's parts, a k-fold split).</param>
    /// <param name="options">Batch size, epochs, order, rank, read-ahead, layout.</param>
    /// <param name="resume">A <see cref="State"/> saved by a loader with the same options over the same store, to continue where it stopped.</param>
    /// <param name="allocate">Makes the memory for one pooled batch (a tensor's, say); by default managed arrays.</param>
    public BatchLoader(IImageStore store, LoaderOptions options, LoaderState? resume = null, Func<BatchMemory>? allocate = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(store.Shape);
        _store = store;
        _options = options;
        _plan = new EpochPlan(store.Path, store.Count, options);
        _filler = new BatchFiller(store, options);
        _first = resume is null ? 0 : Position(resume);
        _total = (long)options.Epochs * _plan.BatchesPerEpoch;

        int poolSize = options.Prefetch + 1;
        _pool = new LoaderBatch[poolSize];
        for (int i = 0; i < poolSize; i++)
        {
            var memory = allocate?.Invoke() ?? BatchMemory.Allocate(options.Layout, store.Shape, options.BatchSize);
            _pool[i] = new LoaderBatch(store.Shape, options.Layout, options.BatchSize, memory);
        }

        if (options.WorkerCount > 0)
        {
            _prefetcher = new BatchPrefetcher(_pool, Math.Max(0, _total - _first), Claim, _filler.Fill, options.WorkerCount);
        }
    }

    /// <summary>Batches this rank gets per epoch; every rank gets the same number.</summary>
    public int BatchesPerEpoch => _plan.BatchesPerEpoch;

    /// <summary>Images this rank gets per epoch (its share, less a dropped short batch).</summary>
    public int ImagesPerEpoch => _plan.ImagesPerEpoch;

    /// <summary>The options the loader runs with.</summary>
    public LoaderOptions Options => _options;

    /// <summary>The batch the last <see cref="MoveNext"/> moved to.</summary>
    public LoaderBatch Current => _current ?? throw new InvalidOperationException("No current batch: call MoveNext first, and use the batch only while it returns true.");

    /// <summary>Where the loader is: the epoch of the next batch and how many of that epoch's batches were handed out.</summary>
    public LoaderState State
    {
        get
        {
            long position = Math.Min(_first + _delivered, _total);
            return new LoaderState(_options.Seed, (int)(position / BatchesPerEpoch), (int)(position % BatchesPerEpoch));
        }
    }

    /// <summary>Worker threads still running (for tests of disposal).</summary>
    internal int RunningWorkers => _prefetcher?.RunningWorkers ?? 0;

    /// <summary>Batches assigned to a buffer so far, handed out or read ahead (for tests of back-pressure).</summary>
    internal long ClaimedBatches => _prefetcher?.ClaimedBatches ?? _delivered;

    /// <summary>Lets <c>foreach</c> walk the remaining batches (without disposing the loader, so a loop may stop and another continue).</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>
    /// Moves to the next batch: false after the last epoch's last batch. A read that failed (on any thread) throws
    /// here, when its batch is reached, as the library's exception; the loader is faulted afterwards.
    /// </summary>
    public bool MoveNext()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _fault?.Throw();
        if (_current is not null)
        {
            // The consumer is done with the previous batch: its buffers go back to the pool for a read ahead.
            _prefetcher?.Return(_current);
            _current = null;
        }

        if (_first + _delivered >= _total)
        {
            return false;
        }

        var batch = _prefetcher?.Take(_delivered) ?? ReadHere(_delivered);
        if (batch.Error is { } error)
        {
            _fault = ExceptionDispatchInfo.Capture(AsStoreError(batch, error));
            _prefetcher?.Dispose();
            _fault.Throw();
        }

        _delivered++;
        _current = batch;
        return true;
    }

    /// <summary>Stops the background reads and waits for them; the store stays open.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _current = null;
            _prefetcher?.Dispose();
        }
    }

    // Without read-ahead the one pooled batch is read on the caller's thread.
    private LoaderBatch ReadHere(long sequence)
    {
        var batch = _pool[0];
        Claim(sequence, batch);
        try
        {
            _filler.Fill(batch);
        }
#pragma warning disable CA1031 // Reported exactly as a background read's failure is.
        catch (Exception e)
#pragma warning restore CA1031
        {
            batch.Error = e;
        }

        return batch;
    }

    // Batch `sequence` of this run is batch (first + sequence) counted from epoch 0.
    private void Claim(long sequence, LoaderBatch batch)
    {
        long position = _first + sequence;
        int epoch = (int)(position / BatchesPerEpoch);
        int index = (int)(position % BatchesPerEpoch);
        batch.Assign(sequence, epoch, index, _plan.Batch(epoch, index));
    }

    private long Position(LoaderState state)
    {
        if (state.Seed != _options.Seed)
        {
            throw new ArgumentException($"The state was saved by a loader with seed {state.Seed}; these options have seed {_options.Seed}.", nameof(state));
        }

        if (state.Epoch < 0 || state.BatchesConsumed < 0 || state.BatchesConsumed > BatchesPerEpoch)
        {
            throw new ArgumentException($"The state (epoch {state.Epoch}, {state.BatchesConsumed} batches consumed) does not fit {BatchesPerEpoch} batches per epoch: were the options or the store different?", nameof(state));
        }

        return ((long)state.Epoch * BatchesPerEpoch) + state.BatchesConsumed;
    }

    // Errors of the library pass as they are (they name the store and image); anything else is wrapped to name the batch.
    private ImageStoreException AsStoreError(LoaderBatch batch, Exception error) =>
        error as ImageStoreException
        ?? new ImageStoreException(_store.Path, $"batch {batch.Index} of epoch {batch.Epoch} could not be read: {error.Message}", error);

    /// <summary>Walks a loader's remaining batches with <c>foreach</c>.</summary>
    public struct Enumerator
    {
        private readonly BatchLoader _loader;

        internal Enumerator(BatchLoader loader) => _loader = loader;

        /// <summary>The current batch.</summary>
        public readonly LoaderBatch Current => _loader.Current;

        /// <summary>Moves to the next batch.</summary>
        public readonly bool MoveNext() => _loader.MoveNext();
    }
}
