using ImageStorage.Loading;

namespace ImageStorage.Tests.Loading;

/// <summary>A loader stopped anywhere and created again from its saved state yields exactly the batches an uninterrupted run would have.</summary>
public class ResumeTests
{
    public static TheoryData<LoaderOrder, int, int> Stops()
    {
        // 250 images over 2 ranks in batches of 32 make 4 batches an epoch per rank (the last short); 3 epochs make 12.
        var data = new TheoryData<LoaderOrder, int, int>();
        foreach (var order in Enum.GetValues<LoaderOrder>())
        {
            foreach (int stop in new[] { 0, 1, 3, 4, 5, 8, 11, 12 })
            {
                foreach (int prefetch in new[] { 0, 4 })
                {
                    data.Add(order, stop, prefetch);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Stops))]
    public void Resuming_from_the_state_yields_exactly_the_batches_that_remained(LoaderOrder order, int stopAfter, int prefetch)
    {
        using var dir = new TempDirectory();
        var (path, _) = LoaderRuns.Store(dir, 250, LoaderRuns.Small);
        var options = new LoaderOptions { BatchSize = 32, Epochs = 3, Order = order, Seed = 2024, BlockSize = 8, Prefetch = prefetch, WorldSize = 2, Rank = 1 };
        string[] uninterrupted = LoaderRuns.Run(path, options).Select(b => b.Key).ToArray();
        Assert.Equal(3 * 4, uninterrupted.Length);

        string saved;
        List<SeenBatch> before;
        using (var store = ImageStores.Open(path))
        using (var loader = new BatchLoader(store, options))
        {
            before = LoaderRuns.Collect(loader, stopAfter);
            saved = loader.State.ToJson(); // read ahead beyond this point must not count
        }

        var after = LoaderRuns.Run(path, options, LoaderState.FromJson(saved));
        Assert.Equal(uninterrupted, before.Concat(after).Select(b => b.Key));
    }

    [Fact]
    public void The_state_counts_batches_handed_out_and_rolls_over_at_the_end_of_an_epoch()
    {
        using var dir = new TempDirectory();
        var (path, _) = LoaderRuns.Store(dir, 100, LoaderRuns.Small);
        using var store = ImageStores.Open(path);
        using var loader = new BatchLoader(store, new LoaderOptions { BatchSize = 25, Epochs = 2, Seed = 6 });
        Assert.Equal(new LoaderState(6, 0, 0), loader.State);
        loader.MoveNext();
        Assert.Equal(new LoaderState(6, 0, 1), loader.State);
        for (int i = 0; i < 3; i++)
        {
            loader.MoveNext();
        }

        Assert.Equal(new LoaderState(6, 1, 0), loader.State);
        while (loader.MoveNext())
        {
        }

        Assert.Equal(new LoaderState(6, 2, 0), loader.State);
        Assert.Empty(LoaderRuns.Run(path, loader.Options, loader.State));
    }

    [Fact]
    public void A_state_is_small_json_and_anything_else_is_refused()
    {
        var state = new LoaderState(18446744073709551615, 3, 17);
        string json = state.ToJson();
        Assert.Equal("""{"seed":18446744073709551615,"epoch":3,"batchesConsumed":17}""", json);
        Assert.Equal(state, LoaderState.FromJson(json));
        Assert.Throws<FormatException>(() => LoaderState.FromJson("{\"seed\":1,\"epoch\":2}"));
        Assert.Throws<FormatException>(() => LoaderState.FromJson("{\"seed\":1,\"epoch\":-2,\"batchesConsumed\":0}"));
        Assert.Throws<FormatException>(() => LoaderState.FromJson("not json"));
    }

    [Fact]
    public void A_state_from_other_options_is_refused()
    {
        using var dir = new TempDirectory();
        var (path, _) = LoaderRuns.Store(dir, 100, LoaderRuns.Small);
        using var store = ImageStores.Open(path);
        var options = new LoaderOptions { BatchSize = 25, Seed = 6 };
        Assert.Contains("seed 7", Assert.Throws<ArgumentException>(() => new BatchLoader(store, options, new LoaderState(7, 0, 1))).Message, StringComparison.Ordinal);
        Assert.Contains("4 batches per epoch", Assert.Throws<ArgumentException>(() => new BatchLoader(store, options, new LoaderState(6, 0, 9))).Message, StringComparison.Ordinal);
    }
}
