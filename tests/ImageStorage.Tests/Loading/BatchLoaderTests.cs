using ImageStorage.Loading;
using ImageStorage.Partitioned;

namespace ImageStorage.Tests.Loading;

/// <summary>The loader reads any store, yields the stored pixels in every layout, and does not depend on threads.</summary>
public class BatchLoaderTests
{
    private static readonly float[] Means = [0.49f, 0.48f, 0.45f];
    private static readonly float[] Deviations = [0.25f, 0.24f, 0.26f];

    public static TheoryData<StoreKind> Kinds() => new(TestImages.LocalKinds);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_kind_of_store_feeds_an_epoch_of_its_stored_images(StoreKind kind)
    {
        using var dir = new TempDirectory();
        var (path, images) = LoaderRuns.Store(dir, 300, ImageShape.Cifar10, kind);
        foreach (var order in Enum.GetValues<LoaderOrder>())
        {
            var batches = LoaderRuns.Run(path, new LoaderOptions { BatchSize = 64, Order = order, Seed = 3, BlockSize = 16, Prefetch = 3 });
            Assert.Equal([64, 64, 64, 64, 44], batches.Select(b => b.Ids.Length));
            Assert.Equal(Enumerable.Range(0, 300), LoaderRuns.EpochIds(batches, 0).Order());
            LoaderRuns.AssertStoredPixels(batches, images);
        }
    }

    [Fact]
    public void Drop_last_leaves_out_the_short_batch_of_every_epoch()
    {
        using var dir = new TempDirectory();
        var (path, _) = LoaderRuns.Store(dir, 100, LoaderRuns.Small);
        var kept = LoaderRuns.Run(path, new LoaderOptions { BatchSize = 30, Epochs = 2 });
        var dropped = LoaderRuns.Run(path, new LoaderOptions { BatchSize = 30, Epochs = 2, DropLast = true });
        Assert.Equal([30, 30, 30, 10, 30, 30, 30, 10], kept.Select(b => b.Ids.Length));
        Assert.Equal([30, 30, 30, 30, 30, 30], dropped.Select(b => b.Ids.Length));
        Assert.Equal([0, 1, 2, 0, 1, 2], dropped.Select(b => b.Index));
    }

    [Fact]
    public void The_batches_do_not_depend_on_the_number_of_threads_or_the_read_ahead()
    {
        using var dir = new TempDirectory();
        var (path, _) = LoaderRuns.Store(dir, 777, LoaderRuns.Small);
        foreach (var order in new[] { LoaderOrder.Random, LoaderOrder.BlockRandom })
        {
            var options = new LoaderOptions { BatchSize = 20, Epochs = 3, Order = order, Seed = 99, BlockSize = 5, ShuffleWindow = 60 };
            string[] expected = LoaderRuns.Run(path, options with { Prefetch = 0 }).Select(b => b.Key).ToArray();
            Assert.Equal(3 * 39, expected.Length);
            foreach (var (prefetch, workers) in new[] { (1, 1), (3, 2), (8, 4), (16, 8) })
            {
                string[] actual = LoaderRuns.Run(path, options with { Prefetch = prefetch, Workers = workers }).Select(b => b.Key).ToArray();
                Assert.True(expected.SequenceEqual(actual), $"{order} with {workers} workers and {prefetch} batches ahead differs from reading on one thread");
            }
        }
    }

    [Theory]
    [InlineData(32, 32, 3)]
    [InlineData(5, 7, 3)] // a plane that is not a whole number of vectors
    [InlineData(4, 4, 3)] // exactly one vector of pixels, no tail
    [InlineData(1, 1, 3)] // a tail only
    [InlineData(6, 6, 1)]
    public void The_nchw_layouts_are_the_stored_pixels_transposed_and_normalized(int height, int width, int channels)
    {
        var shape = new ImageShape(height, width, channels);
        using var dir = new TempDirectory();
        var (path, images) = LoaderRuns.Store(dir, 90, shape);
        float[] mean = [.. Means.Take(channels)];
        float[] std = [.. Deviations.Take(channels)];
        var options = new LoaderOptions { BatchSize = 40, Order = LoaderOrder.Random, Seed = 5 };
        var bytes = LoaderRuns.Run(path, options with { Layout = BatchLayout.NchwUInt8 });
        var floats = LoaderRuns.Run(path, options with { Layout = BatchLayout.NchwFloat32, Normalization = new ChannelNormalization(mean, std) });
        var unit = LoaderRuns.Run(path, options with { Layout = BatchLayout.NchwFloat32 });

        int plane = height * width, size = shape.ByteCount;
        for (int b = 0; b < bytes.Count; b++)
        {
            Assert.Equal(bytes[b].Ids, floats[b].Ids);
            for (int i = 0; i < bytes[b].Ids.Length; i++)
            {
                var stored = images.Image(bytes[b].Ids[i]);
                for (int c = 0; c < channels; c++)
                {
                    for (int p = 0; p < plane; p++)
                    {
                        byte pixel = stored[(p * channels) + c];
                        int at = (i * size) + (c * plane) + p;
                        Assert.True(pixel == bytes[b].Bytes[at], $"batch {b} image {i} channel {c} pixel {p}: NCHW byte {bytes[b].Bytes[at]}, stored {pixel}");
                        float expected = ((pixel / 255f) - mean[c]) / std[c];
                        Assert.True(Math.Abs(expected - floats[b].Floats[at]) <= 1e-5f, $"batch {b} image {i} channel {c} pixel {p}: {floats[b].Floats[at]}, expected {expected}");
                        Assert.True(Math.Abs((pixel / 255f) - unit[b].Floats[at]) <= 1e-6f, $"batch {b} image {i} channel {c} pixel {p}: unnormalized {unit[b].Floats[at]}, expected {pixel / 255f}");
                    }
                }
            }
        }
    }

    [Fact]
    public void A_k_fold_training_view_feeds_its_folds_once_an_epoch()
    {
        using var dir = new TempDirectory();
        var images = TestImages.Batch(500, LoaderRuns.Small);
        string path = dir.Combine("folds");
        KFold.Write(StoreKind.Lmdb, path, images, k: 5, seed: 1);
        using var folds = PartitionedStore.Open(path);
        var (train, _) = KFold.Split(folds, testFold: 2);
        using var loader = new BatchLoader(train, new LoaderOptions { BatchSize = 64, Order = LoaderOrder.Random, Seed = 8, Epochs = 2 });
        var batches = LoaderRuns.Collect(loader);
        var expected = train.ReadAll();
        for (int epoch = 0; epoch < 2; epoch++)
        {
            Assert.Equal(Enumerable.Range(0, train.Count), LoaderRuns.EpochIds(batches, epoch).Order());
        }

        LoaderRuns.AssertStoredPixels(batches, expected);
    }

    [Fact]
    public void Foreach_walks_the_batches_and_a_second_loop_continues_where_the_first_stopped()
    {
        using var dir = new TempDirectory();
        var (path, _) = LoaderRuns.Store(dir, 100, LoaderRuns.Small);
        using var store = ImageStores.Open(path);
        using var loader = new BatchLoader(store, new LoaderOptions { BatchSize = 10, Epochs = 2 });
        var first = new List<int>();
        foreach (var batch in loader)
        {
            first.Add(batch.Ids[0]);
            if (first.Count == 3)
            {
                break;
            }
        }

        var rest = new List<int>();
        foreach (var batch in loader)
        {
            rest.Add(batch.Ids[0]);
        }

        Assert.Equal([0, 10, 20], first);
        Assert.Equal(17, rest.Count);
        Assert.Equal(30, rest[0]);
        Assert.Equal(new LoaderState(0, 2, 0), loader.State);
    }

    [Fact]
    public void Options_that_cannot_work_are_refused_naming_the_option()
    {
        using var dir = new TempDirectory();
        var (path, _) = LoaderRuns.Store(dir, 10, LoaderRuns.Small);
        using var store = ImageStores.Open(path);
        void Refused(LoaderOptions options, string expected)
        {
            var e = Assert.Throws<ArgumentException>(() => new BatchLoader(store, options));
            Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        }

        Refused(new LoaderOptions { BatchSize = 0 }, "BatchSize");
        Refused(new LoaderOptions { Epochs = 0 }, "Epochs");
        Refused(new LoaderOptions { WorldSize = 2, Rank = 2 }, "Rank must be 0..1");
        Refused(new LoaderOptions { Prefetch = -1 }, "Prefetch");
        Refused(new LoaderOptions { Normalization = new ChannelNormalization([0f, 0f, 0f], [1f, 1f, 1f]) }, "NchwFloat32 layout only");
        Refused(new LoaderOptions { Layout = BatchLayout.NchwFloat32, Normalization = new ChannelNormalization([0f], [1f]) }, "for 1 channels");
        Refused(new LoaderOptions { BatchSize = 11, DropLast = true }, "fewer than one batch");
        Assert.Throws<ArgumentException>(() => new ChannelNormalization([0f], [0f]));
    }

    [Fact]
    public void A_batch_in_a_byte_layout_has_no_floats_and_the_other_way_round()
    {
        using var dir = new TempDirectory();
        var (path, _) = LoaderRuns.Store(dir, 10, LoaderRuns.Small);
        using var store = ImageStores.Open(path);
        using var bytes = new BatchLoader(store, new LoaderOptions { BatchSize = 5 });
        Assert.Throws<InvalidOperationException>(() => bytes.Current);
        Assert.True(bytes.MoveNext());
        Assert.Throws<InvalidOperationException>(() => bytes.Current.Floats.Length);
        using var floats = new BatchLoader(store, new LoaderOptions { BatchSize = 5, Layout = BatchLayout.NchwFloat32 });
        Assert.True(floats.MoveNext());
        Assert.Throws<InvalidOperationException>(() => floats.Current.Bytes.Length);
    }
}
