using ImageStorage.Loading;

namespace ImageStorage.Tests.Loading;

/// <summary>
/// Ranks split every epoch: disjoint shares, the same number of batches on every rank, and together exactly the
/// epoch — every image once, except the documented repeats (Repeat) or leftovers (Drop).
/// </summary>
public class RankShareTests
{
    public static TheoryData<int, LoaderOrder, RankPadding> Worlds()
    {
        var data = new TheoryData<int, LoaderOrder, RankPadding>();
        foreach (int world in new[] { 1, 2, 3, 8 })
        {
            foreach (var order in Enum.GetValues<LoaderOrder>())
            {
                foreach (var padding in Enum.GetValues<RankPadding>())
                {
                    data.Add(world, order, padding);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Worlds))]
    public void The_ranks_together_see_each_image_exactly_once_an_epoch_apart_from_the_documented_padding(int world, LoaderOrder order, RankPadding padding)
    {
        const int n = 1001, batchSize = 16; // 1001 is a multiple of none of the world sizes but 1
        using var dir = new TempDirectory();
        var (path, images) = LoaderRuns.Store(dir, n, LoaderRuns.Small);

        var perRank = new List<List<SeenBatch>>();
        for (int rank = 0; rank < world; rank++)
        {
            var options = new LoaderOptions
            {
                BatchSize = batchSize, Epochs = 2, Order = order, Seed = 11, BlockSize = 8,
                WorldSize = world, Rank = rank, RankPadding = padding, Prefetch = 2,
            };
            perRank.Add(LoaderRuns.Run(path, options));
        }

        int share = padding == RankPadding.Repeat ? (n + world - 1) / world : n / world;
        int batches = (share + batchSize - 1) / batchSize;
        for (int epoch = 0; epoch < 2; epoch++)
        {
            var counts = new int[n];
            foreach (var batchesOfRank in perRank)
            {
                Assert.Equal(batches, batchesOfRank.Count(b => b.Epoch == epoch));
                int[] ids = LoaderRuns.EpochIds(batchesOfRank, epoch);
                Assert.Equal(share, ids.Length);
                foreach (int id in ids)
                {
                    counts[id]++;
                }
            }

            int extra = (share * world) - n;
            if (padding == RankPadding.Repeat)
            {
                Assert.True(counts.All(c => c is 1 or 2), $"epoch {epoch}: an image was seen {counts.Max()} times or not at all");
                Assert.Equal(extra, counts.Count(c => c == 2));
            }
            else
            {
                Assert.True(counts.All(c => c is 0 or 1), $"epoch {epoch}: an image was seen twice");
                Assert.Equal(-extra, counts.Count(c => c == 0));
            }
        }

        LoaderRuns.AssertStoredPixels(perRank.SelectMany(r => r), images);
    }

    [Theory]
    [InlineData(RankPadding.Repeat)]
    [InlineData(RankPadding.Drop)]
    public void With_drop_last_every_rank_gets_the_same_number_of_full_batches(RankPadding padding)
    {
        const int n = 1001, world = 3, batchSize = 32;
        using var dir = new TempDirectory();
        var (path, _) = LoaderRuns.Store(dir, n, LoaderRuns.Small);
        int share = padding == RankPadding.Repeat ? 334 : 333;
        var seen = new HashSet<int>();
        for (int rank = 0; rank < world; rank++)
        {
            var batches = LoaderRuns.Run(path, new LoaderOptions { BatchSize = batchSize, Order = LoaderOrder.Random, WorldSize = world, Rank = rank, RankPadding = padding, DropLast = true });
            Assert.Equal(share / batchSize, batches.Count);
            Assert.All(batches, b => Assert.Equal(batchSize, b.Ids.Length));
            Assert.All(batches.SelectMany(b => b.Ids), id => Assert.True(seen.Add(id), $"image {id} went to two ranks"));
        }
    }

    [Fact]
    public void Repeat_pads_a_world_larger_than_the_store_and_drop_refuses_it()
    {
        using var dir = new TempDirectory();
        var (path, _) = LoaderRuns.Store(dir, 3, LoaderRuns.Small);
        var ids = Enumerable.Range(0, 8)
            .Select(rank => LoaderRuns.Run(path, new LoaderOptions { WorldSize = 8, Rank = rank }).Single().Ids.Single())
            .ToArray();
        Assert.Equal([0, 1, 2, 0, 1, 2, 0, 1], ids);

        using var store = ImageStores.Open(path);
        var e = Assert.Throws<ArgumentException>(() => new BatchLoader(store, new LoaderOptions { WorldSize = 8, RankPadding = RankPadding.Drop }));
        Assert.Contains("too few for 8 ranks", e.Message, StringComparison.Ordinal);
    }
}
