using ImageStorage.Loading;

namespace ImageStorage.Tests.Loading;

/// <summary>Counts every thread's allocations, so it runs alone.</summary>
[CollectionDefinition(nameof(AllocationCounting), DisableParallelization = true)]
public sealed class AllocationCounting;

/// <summary>In steady state the loader allocates nothing per batch, background threads included.</summary>
[Collection(nameof(AllocationCounting))]
public class AllocationTests
{
    public static TheoryData<LoaderOrder, BatchLayout> Cases()
    {
        var data = new TheoryData<LoaderOrder, BatchLayout>();
        foreach (var order in Enum.GetValues<LoaderOrder>())
        {
            foreach (var layout in Enum.GetValues<BatchLayout>())
            {
                data.Add(order, layout);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Steady_state_batches_allocate_nothing_on_any_thread(LoaderOrder order, BatchLayout layout)
    {
        using var dir = new TempDirectory();
        // Small images keep each window short, so the host's own allocations (about 1 KB a second) stay small; 8×8 planes are whole vectors.
        var (path, _) = LoaderRuns.Store(dir, 2000, new ImageShape(8, 8, 3));
        // Without checksum checks: a Raw range check runs on every core (Parallel.For), the store's allocation, not the loader's.
        using var store = ImageStores.Open(path, new StoreOptions { VerifyChecksums = false });
        using var loader = new BatchLoader(store, new LoaderOptions { BatchSize = 64, Epochs = 50, Order = order, Layout = layout, Prefetch = 4, Workers = 2 });

        // The first epoch makes the short last batch's view and the threads' first waits; after it, nothing is new.
        for (int i = 0; i < loader.BatchesPerEpoch; i++)
        {
            Assert.True(loader.MoveNext());
        }

        // Other threads of the test host allocate now and then (result reporting), never less: the quietest of five
        // windows is the loader's own. One small object per batch would be at least 24 bytes × 300 = 7,200 bytes in each.
        const int batches = 300; // more than nine epochs, so epoch changes are inside every window
        long quietest = long.MaxValue;
        for (int window = 0; window < 5; window++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < batches; i++)
            {
                Assert.True(loader.MoveNext());
            }

            quietest = Math.Min(quietest, GC.GetTotalAllocatedBytes(precise: true) - before);
        }

        Assert.True(quietest < 2048, $"{quietest} bytes allocated over {batches} batches of {order} {layout}");
    }
}
