using BenchmarkDotNet.Attributes;
using ImageStorage.Loading;
using ImageStorage.TorchSharp;

namespace ImageStorage.Benchmarks.Training;

/// <summary>
/// The TorchSharp path: one random-order epoch as (images, labels) tensors from <see cref="TensorLoader"/>, whose
/// pooled buffers are tensor memory, for the two stores fastest at random reads. Compare with <see cref="Epoch"/>'s
/// rows of the same method, order and layout: the difference is what the tensors cost.
/// </summary>
[BenchmarkCategory("Training", "Read", "TorchSharp")]
public class TensorEpoch : EpochBenchmark
{
    private IImageStore? _store;

    /// <summary>Raw and LMDB: the two stores whose random reads are fastest (memory maps, no system call per image).</summary>
    public static IEnumerable<StoreKind> FastestMethods => [StoreKind.Raw, StoreKind.Lmdb];

    /// <inheritdoc />
    [ParamsSource(nameof(FastestMethods))]
    public override StoreKind Method { get; set; }

    /// <summary>The order of each epoch (random only: the order training uses).</summary>
    [Params(LoaderOrder.Random)]
    public LoaderOrder Shuffle { get; set; }

    /// <summary>The layout of the image tensors.</summary>
    [Params(BatchLayout.NhwcUInt8, BatchLayout.NchwFloat32)]
    public BatchLayout Layout { get; set; }

    /// <summary>The tensor loader of the measurement (freed at cleanup, before its store is closed).</summary>
    private TensorLoader? Tensors { get; set; }

    /// <summary>Writes the store, opens a tensor loader for as many epochs as the run takes, and checks its first epoch batch by batch.</summary>
    public override void Setup()
    {
        base.Setup();
        _store = ImageStores.Open(StoreFile);
        Tensors = new TensorLoader(_store, LoaderFor(Shuffle, Layout, epochs: int.MaxValue));
        RunEpoch(Tensors.BatchesPerEpoch, Next, CheckTensors);
    }

    /// <summary>Takes the next epoch of tensor batches.</summary>
    [Benchmark]
    public long OneEpochAsTensors() => RunEpoch(Tensors!.BatchesPerEpoch, Next);

    /// <summary>Checks the last batch's tensors against the stored images, then frees them and closes the store.</summary>
    protected override void CheckLastRead()
    {
        try
        {
            if (Tensors is not null)
            {
                CheckTensors(Tensors.Current.Source);
            }
        }
        finally
        {
            Tensors?.Dispose();
            _store?.Dispose();
            base.CheckLastRead();
        }
    }

    private LoaderBatch? Next() => Tensors!.MoveNext() ? Tensors.Current.Source : null;

    // The loader's batch is a view of the tensors' memory: its pixels are the tensors'; the shape and labels are checked here.
    private void CheckTensors(LoaderBatch batch)
    {
        CheckBatch(batch);
        var (images, labels) = Tensors!.Current;
        long[] shape = Layout == BatchLayout.NhwcUInt8 ? [batch.Count, 32, 32, 3] : [batch.Count, 3, 32, 32];
        if (!images.shape.SequenceEqual(shape) || labels.shape[0] != batch.Count || labels.data<long>()[batch.Count - 1] != batch.Labels[^1])
        {
            throw new InvalidOperationException($"{nameof(TensorEpoch)} {Method}: batch {batch.Index} has tensors [{string.Join(", ", images.shape)}] and [{string.Join(", ", labels.shape)}], not the loader's batch.");
        }
    }
}
