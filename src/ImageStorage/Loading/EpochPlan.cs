namespace ImageStorage.Loading;

/// <summary>
/// The ids of each of this rank's batches: the epoch's order (<see cref="EpochOrder"/>), this rank's share of it
/// (<see cref="RankShare"/>), BlockRandom's window shuffle, cut into batches. One epoch's share is kept at a time,
/// computed when a batch of a later epoch is first asked for, in reused arrays.
/// </summary>
internal sealed class EpochPlan
{
    private readonly LoaderOptions _options;
    private readonly RankShare _rank;
    private readonly int _window;
    private readonly int[] _order;
    private readonly int[] _blocks;
    private readonly int[] _share;
    private int _epoch = -1;

    /// <summary>Plans batches of <paramref name="options"/> over a store of <paramref name="count"/> images.</summary>
    public EpochPlan(string storePath, int count, LoaderOptions options)
    {
        _options = options;
        _rank = new RankShare(count, options.WorldSize, options.Rank, options.RankPadding);
        if (_rank.Length == 0)
        {
            throw new ArgumentException($"{storePath} holds {count} images: too few for {options.WorldSize} ranks without repeating any (RankPadding.Drop).", nameof(options));
        }

        BatchesPerEpoch = options.DropLast ? _rank.Length / options.BatchSize : (_rank.Length + options.BatchSize - 1) / options.BatchSize;
        if (BatchesPerEpoch == 0)
        {
            throw new ArgumentException($"{storePath}: each rank has {_rank.Length} images per epoch, fewer than one batch of {options.BatchSize}, and DropLast drops it.", nameof(options));
        }

        ImagesPerEpoch = options.DropLast ? BatchesPerEpoch * options.BatchSize : _rank.Length;
        _window = options.ShuffleWindow ?? options.BatchSize;
        _order = new int[count];
        _blocks = options.Order == LoaderOrder.BlockRandom ? new int[EpochOrder.BlockCount(count, options.BlockSize)] : [];
        _share = new int[_rank.Length];
    }

    /// <summary>Batches this rank gets per epoch (the same for every rank).</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>Images this rank gets per epoch.</summary>
    public int ImagesPerEpoch { get; }

    /// <summary>The ids of batch <paramref name="index"/> of <paramref name="epoch"/>; asking for an earlier epoch than the last one asked for recomputes it.</summary>
    public ReadOnlySpan<int> Batch(int epoch, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, BatchesPerEpoch);
        var share = Share(epoch);
        int start = index * _options.BatchSize;
        return share.Slice(start, Math.Min(_options.BatchSize, ImagesPerEpoch - start));
    }

    /// <summary>This rank's ids for the whole of <paramref name="epoch"/>, in the order its batches take them (before DropLast).</summary>
    public ReadOnlySpan<int> Share(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if (epoch != _epoch)
        {
            EpochOrder.Fill(_options.Order, _options.Seed, epoch, _options.BlockSize, _order, _blocks);
            _rank.Take(_order, _share);
            if (_options.Order == LoaderOrder.BlockRandom)
            {
                EpochOrder.ShuffleWindows(_share, _window, _options.Seed, epoch, _options.Rank);
            }

            _epoch = epoch;
        }

        return _share;
    }
}
