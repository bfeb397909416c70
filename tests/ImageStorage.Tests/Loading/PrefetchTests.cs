using ImageStorage.Loading;
using ImageStorage.Partitioned;
using ImageStorage.Tests.Reliability;

namespace ImageStorage.Tests.Loading;

/// <summary>Reads ahead never lose an error, never run further ahead than asked, and stop when the loader is disposed.</summary>
public class PrefetchTests
{
    private const int Damaged = 300;

    [Theory]
    [InlineData(LoaderOrder.Sequential, 0)]
    [InlineData(LoaderOrder.Sequential, 8)]
    [InlineData(LoaderOrder.Random, 0)]
    [InlineData(LoaderOrder.Random, 8)]
    [InlineData(LoaderOrder.BlockRandom, 8)]
    public void A_failed_background_read_surfaces_when_its_batch_is_reached_as_the_stores_exception(LoaderOrder order, int prefetch)
    {
        using var dir = new TempDirectory();
        var (path, images) = LoaderRuns.Store(dir, 600, ImageShape.Cifar10);
        var (file, offset) = StoreBytes.FindOnce(path, images.Image(Damaged));
        StoreBytes.Flip(file, offset + 5);
        var options = new LoaderOptions { BatchSize = 50, Order = order, Seed = 4, Prefetch = prefetch, Workers = 2, Epochs = 2 };

        // Where the damaged image comes: the same options over the same store, reading without checksums.
        var plain = LoaderRuns.Run(path, options, storeOptions: new StoreOptions { VerifyChecksums = false });
        int failing = plain.FindIndex(b => b.Ids.Contains(Damaged));

        using var store = ImageStores.Open(path, new StoreOptions { VerifyChecksums = true });
        using var loader = new BatchLoader(store, options);
        var seen = new List<SeenBatch>();
        Assert.True(loader.MoveNext());
        seen.Add(LoaderRuns.Copy(loader.Current));
        Thread.Sleep(200); // the workers read on, past the damaged image when it is near: its error must wait for the consumer
        var e = Assert.Throws<CorruptStoreException>(() =>
        {
            while (loader.MoveNext())
            {
                seen.Add(LoaderRuns.Copy(loader.Current));
            }
        });

        Assert.Equal(Damaged, e.ImageId);
        Assert.Equal(failing, seen.Count);
        Assert.Equal(plain.Take(failing).Select(b => b.Key), seen.Select(b => b.Key));
        Assert.Equal(new LoaderState(4, 0, failing), loader.State);
        Assert.Same(e, Assert.Throws<CorruptStoreException>(() => loader.MoveNext()));
        Assert.Equal(0, loader.RunningWorkers);
    }

    [Fact]
    public void An_error_that_is_not_the_librarys_is_wrapped_naming_the_store_and_batch()
    {
        using var dir = new TempDirectory();
        var images = TestImages.Batch(100, LoaderRuns.Small);
        string path = dir.Combine("parts");
        PartitionedStore.Write(StoreKind.Raw, path, images, [[.. Enumerable.Range(0, 50)], [.. Enumerable.Range(50, 50)]]);
        var parts = PartitionedStore.Open(path);
        var view = parts.Combined([0, 1]);
        parts.Dispose(); // the view's parts are closed: every read fails with ObjectDisposedException

        using var loader = new BatchLoader(view, new LoaderOptions { BatchSize = 10, Prefetch = 2 });
        var e = Assert.Throws<ImageStoreException>(() => loader.MoveNext());
        Assert.IsType<ObjectDisposedException>(e.InnerException);
        Assert.Equal(path, e.StorePath);
        Assert.Contains("batch 0 of epoch 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Workers_read_exactly_as_far_ahead_as_asked_and_no_further()
    {
        using var dir = new TempDirectory();
        var (path, _) = LoaderRuns.Store(dir, 1000, LoaderRuns.Small);
        using var store = ImageStores.Open(path);
        using var loader = new BatchLoader(store, new LoaderOptions { BatchSize = 10, Prefetch = 5, Workers = 3 });
        Assert.Equal(0, loader.ClaimedBatches); // nothing is read before the first batch is asked for
        Assert.True(loader.MoveNext());
        Assert.True(SpinWait.SpinUntil(() => loader.ClaimedBatches == 6, TimeSpan.FromSeconds(30)), $"the workers claimed {loader.ClaimedBatches} batches, not 1 + 5");
        Thread.Sleep(100);
        Assert.Equal(6, loader.ClaimedBatches);
        Assert.True(loader.MoveNext());
        Assert.True(SpinWait.SpinUntil(() => loader.ClaimedBatches == 7, TimeSpan.FromSeconds(30)), $"after one more batch the workers claimed {loader.ClaimedBatches}, not 7");
    }

    [Fact]
    public void Disposing_mid_epoch_stops_the_workers_even_while_they_wait_for_a_free_buffer()
    {
        using var dir = new TempDirectory();
        var (path, _) = LoaderRuns.Store(dir, 1000, LoaderRuns.Small);
        using var store = ImageStores.Open(path);
        var loader = new BatchLoader(store, new LoaderOptions { BatchSize = 10, Prefetch = 3, Workers = 2, Epochs = 5 });
        Assert.True(loader.MoveNext());
        Assert.True(loader.MoveNext());
        Assert.True(SpinWait.SpinUntil(() => loader.ClaimedBatches == 5, TimeSpan.FromSeconds(30)));
        Assert.Equal(2, loader.RunningWorkers); // both waiting for the consumer
        loader.Dispose();
        Assert.Equal(0, loader.RunningWorkers);
        Assert.Throws<ObjectDisposedException>(() => loader.MoveNext());
        Assert.Equal(new LoaderState(0, 0, 2), loader.State);

        using var unused = new BatchLoader(store, new LoaderOptions { Prefetch = 3 });
        unused.Dispose();
        Assert.Equal(0, unused.RunningWorkers);
    }
}
