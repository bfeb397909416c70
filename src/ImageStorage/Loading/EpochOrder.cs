namespace ImageStorage.Loading;

/// <summary>
/// The order of one epoch as a pure function of (order, seed, epoch, count, block size), drawn from
/// <see cref="SplitMix64"/>: the same on every machine, .NET version and number of threads.
/// </summary>
internal static class EpochOrder
{
    /// <summary>Fills <paramref name="order"/> (one slot per image of the store) with the epoch's ids, before they are split among ranks.</summary>
    /// <param name="kind">Sequential, Random or BlockRandom.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="epoch">The epoch (0-based): each has its own permutation.</param>
    /// <param name="blockSize">Ids per block, for BlockRandom.</param>
    /// <param name="order">Receives the ids.</param>
    /// <param name="blocks">Scratch of at least ⌈count / blockSize⌉ slots, for BlockRandom.</param>
    public static void Fill(LoaderOrder kind, ulong seed, int epoch, int blockSize, Span<int> order, Span<int> blocks)
    {
        switch (kind)
        {
            case LoaderOrder.Sequential:
                Identity(order);
                break;
            case LoaderOrder.Random:
                Identity(order);
                var random = Generator(seed, epoch, stream: 0);
                Shuffle(order, ref random);
                break;
            case LoaderOrder.BlockRandom:
                int blockCount = BlockCount(order.Length, blockSize);
                var shuffled = blocks[..blockCount];
                Identity(shuffled);
                var blockRandom = Generator(seed, epoch, stream: 0);
                Shuffle(shuffled, ref blockRandom);
                int at = 0;
                foreach (int block in shuffled)
                {
                    int first = block * blockSize;
                    int length = Math.Min(blockSize, order.Length - first);
                    for (int k = 0; k < length; k++)
                    {
                        order[at++] = first + k;
                    }
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown loader order.");
        }
    }

    /// <summary>BlockRandom's bounded buffer: shuffles the ids inside each window of <paramref name="window"/> consecutive positions of a rank's share.</summary>
    public static void ShuffleWindows(Span<int> share, int window, ulong seed, int epoch, int rank)
    {
        var random = Generator(seed, epoch, stream: 1 + (ulong)rank);
        for (int start = 0; start < share.Length; start += window)
        {
            Shuffle(share.Slice(start, Math.Min(window, share.Length - start)), ref random);
        }
    }

    /// <summary>Number of blocks <paramref name="count"/> ids make (the last may be short).</summary>
    public static int BlockCount(int count, int blockSize) => (int)(((long)count + blockSize - 1) / blockSize);

    private static void Identity(Span<int> ids)
    {
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = i;
        }
    }

    // Fisher–Yates with rejection-sampled indexes: every permutation equally likely.
    private static void Shuffle(Span<int> items, ref SplitMix64 random)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = (int)random.NextBelow((ulong)i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    // Each input goes through a SplitMix64 step before the next is added, so nearby seeds, epochs and streams start far apart.
    private static SplitMix64 Generator(ulong seed, int epoch, ulong stream)
    {
        ulong state = Mix(Mix(Mix(seed) + (ulong)epoch) + stream);
        return new SplitMix64(state);
    }

    private static ulong Mix(ulong value) => new SplitMix64(value).Next();
}
