namespace ImageStorage.Loading;

/// <summary>
/// Reads batches ahead on background threads into a fixed pool of reusable batches, and hands them out in order.
/// A worker takes a free batch (waiting while none is free: that is the back-pressure), claims the next batch of
/// the run under the lock (so the order never depends on which thread reads what), reads it outside the lock, and
/// files it under its sequence number. A failed read is filed like a good one, with its error, so it surfaces
/// when the consumer reaches it. Everything waits on one monitor: nothing is allocated per batch.
/// </summary>
internal sealed class BatchPrefetcher : IDisposable
{
    private readonly object _gate = new();
    private readonly LoaderBatch[] _free;
    private readonly LoaderBatch?[] _ready;
    private readonly long _total;
    private readonly Action<long, LoaderBatch> _claim;
    private readonly Action<LoaderBatch> _fill;
    private readonly Thread[] _workers;
    private int _freeCount;
    private long _nextClaim;
    private bool _stopping;
    private bool _started;
    private int _running;
    private Exception? _workerFault;

    /// <summary>Prepares <paramref name="workers"/> threads over <paramref name="pool"/>; they start at the first <see cref="Take"/>.</summary>
    /// <param name="pool">The batches to fill, reused.</param>
    /// <param name="total">Batches in the run.</param>
    /// <param name="claim">Assigns batch n of the run to a pool batch; called in increasing n, under the lock.</param>
    /// <param name="fill">Reads an assigned batch; called on a worker, outside the lock.</param>
    /// <param name="workers">Background threads.</param>
    public BatchPrefetcher(LoaderBatch[] pool, long total, Action<long, LoaderBatch> claim, Action<LoaderBatch> fill, int workers)
    {
        _free = [.. pool];
        _freeCount = pool.Length;
        _ready = new LoaderBatch?[pool.Length];
        _total = total;
        _claim = claim;
        _fill = fill;
        _workers = new Thread[workers];
        for (int w = 0; w < workers; w++)
        {
            _workers[w] = new Thread(Work) { IsBackground = true, Name = $"ImageStorage loader {w}" };
        }
    }

    /// <summary>Worker threads still running (for tests of disposal).</summary>
    internal int RunningWorkers => Volatile.Read(ref _running);

    /// <summary>Batches claimed by the workers so far (for tests of back-pressure).</summary>
    internal long ClaimedBatches
    {
        get
        {
            lock (_gate)
            {
                return _nextClaim;
            }
        }
    }

    /// <summary>Waits for batch <paramref name="sequence"/> of the run (the consumer asks for them in order) and hands it over; its <see cref="LoaderBatch.Error"/> says if it failed.</summary>
    public LoaderBatch Take(long sequence)
    {
        lock (_gate)
        {
            if (!_started)
            {
                _started = true;
                _running = _workers.Length;
                foreach (var worker in _workers)
                {
                    worker.Start();
                }
            }

            // Batches in flight never outnumber the pool, so sequence numbers in flight never share a slot.
            int slot = (int)(sequence % _ready.Length);
            LoaderBatch? batch;
            while ((batch = _ready[slot]) is null || batch.Sequence != sequence)
            {
                if (_workerFault is not null)
                {
                    throw new InvalidOperationException("A loader thread failed outside a read.", _workerFault);
                }

                ObjectDisposedException.ThrowIf(_stopping, this);
                Monitor.Wait(_gate);
            }

            _ready[slot] = null;
            return batch;
        }
    }

    /// <summary>Gives a batch the consumer is done with back to the pool.</summary>
    public void Return(LoaderBatch batch)
    {
        lock (_gate)
        {
            _free[_freeCount++] = batch;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Stops the workers (each finishes the batch it is reading) and waits for them to end.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }

        foreach (var worker in _workers)
        {
            if (worker.IsAlive)
            {
                worker.Join();
            }
        }
    }

    private void Work()
    {
        try
        {
            while (true)
            {
                LoaderBatch batch;
                lock (_gate)
                {
                    while (!_stopping && _freeCount == 0 && _nextClaim < _total)
                    {
                        Monitor.Wait(_gate);
                    }

                    if (_stopping || _nextClaim >= _total)
                    {
                        return;
                    }

                    batch = _free[--_freeCount];
                    _claim(_nextClaim++, batch);
                }

                try
                {
                    _fill(batch);
                }
#pragma warning disable CA1031 // Any failure of a read belongs to the consumer, who sees it when it reaches this batch.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    batch.Error = e;
                }

                lock (_gate)
                {
                    _ready[(int)(batch.Sequence % _ready.Length)] = batch;
                    Monitor.PulseAll(_gate);
                }
            }
        }
#pragma warning disable CA1031 // A fault outside a read (a bug) must reach the consumer, not end the process.
        catch (Exception e)
#pragma warning restore CA1031
        {
            lock (_gate)
            {
                _workerFault ??= e;
                Monitor.PulseAll(_gate);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }
}
