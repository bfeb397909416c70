using ImageStorage.Loading;

namespace ImageStorage.Tests.Loading;

/// <summary>Every order is a permutation fixed by (seed, epoch): the same on every machine, new every epoch.</summary>
public class EpochOrderTests
{
    private static int[] Order(LoaderOrder kind, ulong seed, int epoch, int n, int blockSize = 4)
    {
        int[] order = new int[n];
        EpochOrder.Fill(kind, seed, epoch, blockSize, order, new int[EpochOrder.BlockCount(n, blockSize)]);
        return order;
    }

    [Fact]
    public void Sequential_is_the_ids_in_order()
    {
        Assert.Equal(Enumerable.Range(0, 37), Order(LoaderOrder.Sequential, 5, 3, 37));
    }

    [Theory]
    [InlineData(LoaderOrder.Random)]
    [InlineData(LoaderOrder.BlockRandom)]
    public void Shuffled_orders_are_permutations_that_change_every_epoch_and_with_the_seed(LoaderOrder kind)
    {
        const int n = 1001;
        int[] first = Order(kind, 42, 0, n);
        Assert.Equal(Enumerable.Range(0, n), first.Order());
        Assert.Equal(first, Order(kind, 42, 0, n));
        Assert.NotEqual(first, Order(kind, 42, 1, n));
        Assert.NotEqual(first, Order(kind, 43, 0, n));
        Assert.NotEqual(Enumerable.Range(0, n), first);
    }

    [Fact]
    public void Block_random_keeps_each_block_contiguous_and_ascending()
    {
        const int n = 1001, blockSize = 16;
        int[] order = Order(LoaderOrder.BlockRandom, 7, 2, n, blockSize);
        for (int i = 0; i < n; i++)
        {
            if (order[i] % blockSize != 0)
            {
                Assert.True(i > 0 && order[i] == order[i - 1] + 1, $"id {order[i]} at {i} is not right after the id before it in its block");
            }
        }
    }

    [Fact]
    public void The_orders_of_a_seed_never_change()
    {
        // Reproducible on any machine and .NET version; computed independently, in Python, from the documented definition
        // (SplitMix64 streams, Fisher–Yates with rejection sampling).
        Assert.Equal([16, 1, 0, 8, 18, 11, 13, 2, 15, 10, 7, 9, 5, 17, 4, 12, 6, 14, 19, 3], Order(LoaderOrder.Random, 42, 0, 20));
        Assert.Equal([1, 16, 12, 8, 3, 0, 11, 15, 10, 13, 4, 9, 14, 6, 17, 7, 5, 18, 19, 2], Order(LoaderOrder.Random, 42, 1, 20));
        Assert.Equal([8, 9, 4, 5, 6, 7, 0, 1, 2, 3], Order(LoaderOrder.BlockRandom, 42, 0, 10, blockSize: 4));

        int[] windows = Order(LoaderOrder.BlockRandom, 42, 0, 10, blockSize: 4);
        EpochOrder.ShuffleWindows(windows, window: 4, seed: 42, epoch: 0, rank: 0);
        Assert.Equal([5, 4, 8, 9, 6, 0, 1, 7, 3, 2], windows);
    }

    [Fact]
    public void Block_random_batches_are_whole_blocks_when_the_window_is_one_batch()
    {
        // The default window is one batch: each batch is a few whole blocks, each read as a run of contiguous ids.
        var options = new LoaderOptions { Order = LoaderOrder.BlockRandom, BatchSize = 32, BlockSize = 8 };
        var plan = new EpochPlan("store", 1024, options);
        var seenBlocks = new HashSet<int>();
        for (int b = 0; b < plan.BatchesPerEpoch; b++)
        {
            int[] ids = plan.Batch(1, b).ToArray();
            var blocks = ids.GroupBy(id => id / 8).ToList();
            Assert.Equal(4, blocks.Count);
            Assert.All(blocks, g => Assert.Equal(8, g.Count()));
            Assert.All(blocks, g => Assert.True(seenBlocks.Add(g.Key), $"block {g.Key} in two batches"));
        }
    }
}
