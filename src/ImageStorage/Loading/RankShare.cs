namespace ImageStorage.Loading;

/// <summary>
/// How one epoch's order of n ids is split among worldSize ranks: the order is first made a multiple of worldSize
/// long (<see cref="RankPadding.Repeat"/>: by repeating it from its start; <see cref="RankPadding.Drop"/>: by cutting
/// its tail), then rank r takes the r-th of worldSize equal contiguous pieces. The pieces are disjoint and together
/// are the (padded or cut) epoch; contiguous pieces keep BlockRandom's blocks whole.
/// </summary>
/// <param name="Images">Ids in the epoch (the store's count).</param>
/// <param name="WorldSize">Number of ranks.</param>
/// <param name="Rank">This rank, 0 .. WorldSize − 1.</param>
/// <param name="Padding">Repeat or drop.</param>
internal readonly record struct RankShare(int Images, int WorldSize, int Rank, RankPadding Padding)
{
    /// <summary>Ids each rank gets per epoch: ⌈n / worldSize⌉ when repeating, ⌊n / worldSize⌋ when dropping.</summary>
    public int Length => Padding == RankPadding.Repeat ? (int)(((long)Images + WorldSize - 1) / WorldSize) : Images / WorldSize;

    /// <summary>Where this rank's piece starts in the padded order.</summary>
    public long Start => (long)Rank * Length;

    /// <summary>Copies this rank's piece of <paramref name="order"/> (the whole epoch's) into <paramref name="share"/>; positions past the order's end wrap to its start.</summary>
    public void Take(ReadOnlySpan<int> order, Span<int> share)
    {
        int at = 0;
        long position = Start;
        while (at < share.Length)
        {
            int from = (int)(position % order.Length);
            int n = Math.Min(share.Length - at, order.Length - from);
            order.Slice(from, n).CopyTo(share[at..]);
            at += n;
            position += n;
        }
    }
}
