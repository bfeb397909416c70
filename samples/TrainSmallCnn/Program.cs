// Trains a small CNN for one epoch through the loader: usage `TrainSmallCnn [store]`. Without a store it writes
// 10,000 seeded synthetic CIFAR-like images into a temporary LMDB store first (the class only faintly tints one
// object, so one epoch lowers the loss little below ln 10 = 2.30). Prints the loss every 10 steps and the epoch's
// throughput; exits 1 if the loss is not finite.
using System.Diagnostics;
using System.Globalization;
using ImageStorage;
using ImageStorage.Datasets;
using ImageStorage.Loading;
using ImageStorage.TorchSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

string? temporary = null;
string path;
if (args.Length > 0)
{
    path = args[0];
}
else
{
    temporary = Path.Combine(Path.GetTempPath(), $"train-small-cnn-{Environment.ProcessId}");
    Directory.CreateDirectory(temporary);
    path = Path.Combine(temporary, "train.lmdb");
    var clock = Stopwatch.StartNew();
    ImageStores.Write(StoreKind.Lmdb, path, SyntheticImages.Generate(10_000));
    Console.WriteLine(Invariant($"wrote 10,000 synthetic 32x32x3 images to {path} in {clock.Elapsed.TotalSeconds:F1} s"));
}

try
{
    using var store = ImageStores.Open(path);
    if (store.Shape.Channels != 3)
    {
        Console.Error.WriteLine($"{path}: this sample trains on RGB images; the store holds {store.Shape}.");
        return 2;
    }

    torch.random.manual_seed(1);
    var model = Sequential(
        ("conv", Conv2d(3, 8, 3, padding: 1)),
        ("relu", ReLU()),
        ("pool", MaxPool2d(2)),
        ("flatten", Flatten()),
        ("linear", Linear(8 * (store.Shape.Height / 2) * (store.Shape.Width / 2), 10)));
    using var optimizer = optim.Adam(model.parameters(), lr: 0.005);
    using var lossFunction = CrossEntropyLoss();

    var options = new LoaderOptions
    {
        BatchSize = 256,
        Order = LoaderOrder.Random,
        Seed = 1,
        Layout = BatchLayout.NchwFloat32,
        Normalization = new ChannelNormalization([0.49f, 0.48f, 0.45f], [0.25f, 0.24f, 0.26f]), // CIFAR-10's
    };
    using var loader = new TensorLoader(store, options);
    Console.WriteLine($"training on {store.Count:N0} images of {store.Kind} store {path}: {loader.BatchesPerEpoch} batches of {options.BatchSize}");

    var epoch = Stopwatch.StartNew();
    double total = 0;
    int step = 0;
    foreach (var (images, labels) in loader)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var loss = lossFunction.forward(model.forward(images), labels);
        loss.backward();
        optimizer.step();
        float value = loss.item<float>();
        total += value;
        step++;
        if (step % 10 == 0 || step == loader.BatchesPerEpoch)
        {
            Console.WriteLine(Invariant($"step {step,3}: loss {value:F4}"));
        }
    }

    double mean = total / step;
    Console.WriteLine(Invariant($"epoch 1: mean loss {mean:F4} over {step} steps, {epoch.Elapsed.TotalSeconds:F1} s ({store.Count / epoch.Elapsed.TotalSeconds:F0} images/s)"));
    return double.IsFinite(mean) ? 0 : 1;
}
finally
{
    if (temporary is not null)
    {
        Directory.Delete(temporary, recursive: true);
    }
}

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
