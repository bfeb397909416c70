using ImageStorage.Datasets;
using ImageStorage.Loading;
using ImageStorage.Tests;
using TorchSharp;
using static TorchSharp.torch;

namespace ImageStorage.TorchSharp.Tests;

/// <summary>Batches come out as tensors of the right shape and type holding exactly the stored pixels, and nothing native leaks.</summary>
public class TensorLoaderTests
{
    private static readonly float[] Mean = [0.49f, 0.48f, 0.45f];
    private static readonly float[] Std = [0.25f, 0.24f, 0.26f];

    public static TheoryData<BatchLayout> Layouts() => new(Enum.GetValues<BatchLayout>());

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Each_batch_is_images_and_int64_labels_holding_the_stored_pixels(BatchLayout layout)
    {
        using var dir = new TempDirectory();
        var images = SyntheticImages.Generate(600, 1);
        string path = dir.Combine("train.raw");
        ImageStores.Write(StoreKind.Raw, path, images);
        using var store = ImageStores.Open(path);
        var normalization = layout == BatchLayout.NchwFloat32 ? new ChannelNormalization(Mean, Std) : null;
        var options = new LoaderOptions { BatchSize = 256, Order = LoaderOrder.Random, Seed = 3, Layout = layout, Normalization = normalization, Prefetch = 2 };
        using var loader = new TensorLoader(store, options);

        var sizes = new List<long>();
        foreach (var batch in loader)
        {
            var (x, y) = batch;
            long n = batch.Source.Count;
            sizes.Add(n);
            long[] expectedShape = layout == BatchLayout.NhwcUInt8 ? [n, 32, 32, 3] : [n, 3, 32, 32];
            Assert.Equal(expectedShape, x.shape);
            Assert.Equal(layout == BatchLayout.NchwFloat32 ? ScalarType.Float32 : ScalarType.Byte, x.dtype);
            Assert.Equal([n], y.shape);
            Assert.Equal(ScalarType.Int64, y.dtype);

            long[] labels = y.data<long>().ToArray();
            var ids = batch.Source.Ids;
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(images.Labels[ids[i]], labels[i]);
            }

            AssertPixels(layout, x, images, ids);
        }

        Assert.Equal([256L, 256L, 88L], sizes);
    }

    [Fact]
    public void Torchs_own_data_loader_stacks_the_datasets_samples()
    {
        using var dir = new TempDirectory();
        var images = SyntheticImages.Generate(100, 2);
        string path = dir.Combine("train.lmdb");
        ImageStores.Write(StoreKind.Lmdb, path, images);
        using var store = ImageStores.Open(path);
        using var dataset = new ImageStoreDataset(store, BatchLayout.NchwFloat32, new ChannelNormalization(Mean, Std));
        Assert.Equal(100, dataset.Count);
        using var loader = torch.utils.data.DataLoader(dataset, 64, shuffle: false);
        int seen = 0;
        foreach (var batch in loader)
        {
            using var scope = NewDisposeScope();
            var x = batch["data"];
            var y = batch["label"];
            long n = x.shape[0];
            Assert.Equal([n, 3, 32, 32], x.shape);
            Assert.Equal(ScalarType.Float32, x.dtype);
            Assert.Equal(ScalarType.Int64, y.dtype);
            int[] ids = Enumerable.Range(seen, (int)n).ToArray();
            AssertPixels(BatchLayout.NchwFloat32, x, images, ids);
            Assert.Equal(ids.Select(id => (long)images.Labels[id]), y.data<long>().ToArray());
            seen += (int)n;
        }

        Assert.Equal(100, seen);
        using var bytes = new ImageStoreDataset(store, BatchLayout.NhwcUInt8);
        var sample = bytes.GetTensor(7);
        Assert.Equal([32L, 32L, 3L], sample["data"].shape);
        Assert.Equal(images.Image(7).ToArray(), sample["data"].bytes.ToArray());
        Assert.Equal(images.Labels[7], sample["label"].item<long>());
        sample["data"].Dispose();
        sample["label"].Dispose();
    }

    [Fact]
    public void A_thousand_batches_leave_native_memory_flat()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("train.raw");
        ImageStores.Write(StoreKind.Raw, path, SyntheticImages.Generate(2600, 4)); // 10 full batches and a short one an epoch
        using var store = ImageStores.Open(path);
        using var loader = new TensorLoader(store, new LoaderOptions { BatchSize = 256, Epochs = 100, Order = LoaderOrder.Random, Layout = BatchLayout.NchwFloat32, Prefetch = 3 });

        long afterWarmUp = 0;
        int batches = 0;
        double sum = 0;
        foreach (var (x, y) in loader)
        {
            using var scope = NewDisposeScope(); // what a training step does: temporaries freed at the end of the step
            sum += x[0].sum().item<float>() + y.sum().item<long>();
            if (++batches == 100)
            {
                afterWarmUp = ResidentBytes();
            }
        }

        long growth = ResidentBytes() - afterWarmUp;
        Assert.Equal(1100, batches);
        Assert.True(sum > 0);

        // One leaked float batch is 3 MB: a leak per batch would be gigabytes here.
        Assert.True(growth < 64L << 20, $"resident memory grew by {growth >> 20} MB over 1,000 batches");
    }

    // Every value through the tensor's own bytes, and a few through torch's indexing (which reads by its strides).
    private static void AssertPixels(BatchLayout layout, Tensor x, ImageBatch images, ReadOnlySpan<int> ids)
    {
        const int plane = 32 * 32, size = 3 * plane;
        var bytes = layout == BatchLayout.NchwFloat32 ? [] : x.bytes.ToArray();
        var floats = layout == BatchLayout.NchwFloat32 ? x.data<float>().ToArray() : [];
        for (int i = 0; i < ids.Length; i++)
        {
            var stored = images.Image(ids[i]);
            for (int p = 0; p < plane; p++)
            {
                for (int c = 0; c < 3; c++)
                {
                    byte pixel = stored[(p * 3) + c];
                    switch (layout)
                    {
                        case BatchLayout.NhwcUInt8:
                            Assert.True(pixel == bytes[(i * size) + (p * 3) + c], $"image {i} pixel {p} channel {c}");
                            break;
                        case BatchLayout.NchwUInt8:
                            Assert.True(pixel == bytes[(i * size) + (c * plane) + p], $"image {i} pixel {p} channel {c}");
                            break;
                        default:
                            float expected = ((pixel / 255f) - Mean[c]) / Std[c];
                            Assert.True(Math.Abs(expected - floats[(i * size) + (c * plane) + p]) < 1e-5f, $"image {i} pixel {p} channel {c}");
                            break;
                    }
                }
            }
        }

        foreach (var (i, yy, xx, c) in new[] { (0, 0, 0, 0), (ids.Length - 1, 31, 31, 2), (ids.Length / 2, 5, 17, 1) })
        {
            byte pixel = images.Image(ids[i])[(((yy * 32) + xx) * 3) + c];
            using var value = layout == BatchLayout.NhwcUInt8 ? x[i, yy, xx, c] : x[i, c, yy, xx];
            if (layout == BatchLayout.NchwFloat32)
            {
                Assert.Equal(((pixel / 255f) - Mean[c]) / Std[c], value.item<float>(), 5);
            }
            else
            {
                Assert.Equal(pixel, value.item<byte>());
            }
        }
    }

    private static long ResidentBytes()
    {
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
