using System.Runtime.InteropServices;
using ImageStorage.Loading;
using TorchSharp;
using static TorchSharp.torch;

namespace ImageStorage.TorchSharp;

/// <summary>
/// A <see cref="BatchLoader"/> whose pooled buffers are tensors: the background reads write the images straight
/// into tensor memory (no managed copy in between), and each batch is handed out as (images, labels) tensors.
/// Everything else — orders, ranks, resume, read-ahead, layouts — is the loader's. The tensors are reused: a batch
/// is valid until the next <see cref="MoveNext"/>. Disposing stops the reads and frees the tensors.
/// </summary>
public sealed class TensorLoader : IDisposable
{
    private readonly List<PooledTensors> _pool = [];
    private readonly BatchLoader _loader;
    private readonly ImageShape _shape;
    private readonly BatchLayout _layout;
    private readonly int _batchSize;
    private Tensor? _shortImages;
    private Tensor? _shortLabels;
    private TensorBatch? _current;

    /// <summary>Creates a loader over <paramref name="store"/> (see <see cref="BatchLoader"/> for the options and the state).</summary>
    public TensorLoader(IImageStore store, LoaderOptions options, LoaderState? resume = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _shape = store.Shape;
        _layout = options.Layout;
        _batchSize = options.BatchSize;
        try
        {
            _loader = new BatchLoader(store, options, resume, Allocate);
        }
        catch
        {
            FreeTensors();
            throw;
        }
    }

    /// <summary>Batches this rank gets per epoch.</summary>
    public int BatchesPerEpoch => _loader.BatchesPerEpoch;

    /// <summary>Where the loader is, to save with a checkpoint and resume from.</summary>
    public LoaderState State => _loader.State;

    /// <summary>The batch the last <see cref="MoveNext"/> moved to.</summary>
    public TensorBatch Current => _current ?? throw new InvalidOperationException("No current batch: call MoveNext first, and use the batch only while it returns true.");

    /// <summary>Lets <c>foreach</c> walk the remaining batches.</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>Moves to the next batch (false after the last); a failed read throws here as the library's exception.</summary>
    public bool MoveNext()
    {
        _current = null;
        FreeShortViews();
        if (!_loader.MoveNext())
        {
            return false;
        }

        var batch = _loader.Current;
        var tensors = (PooledTensors)batch.Owner!;

        // Labels are int32 in the stores and int64 in torch: converted on this thread, 256 values, no allocation.
        var labels = MemoryMarshal.Cast<byte, long>(tensors.Labels.bytes);
        var stored = batch.Labels;
        for (int i = 0; i < stored.Length; i++)
        {
            labels[i] = stored[i];
        }

        if (batch.Count == _batchSize)
        {
            _current = new TensorBatch(tensors.Images, tensors.Labels, batch);
        }
        else
        {
            // A short last batch is a view of the first Count rows; the views are this loader's to free.
            _shortImages = tensors.Images.narrow(0, 0, batch.Count).DetachFromDisposeScope();
            _shortLabels = tensors.Labels.narrow(0, 0, batch.Count).DetachFromDisposeScope();
            _current = new TensorBatch(_shortImages, _shortLabels, batch);
        }

        return true;
    }

    /// <summary>Stops the background reads, waits for them, and frees the tensors.</summary>
    public void Dispose()
    {
        _current = null;
        _loader?.Dispose();
        FreeShortViews();
        FreeTensors();
    }

    // One pooled batch's memory: tensors made outside any caller's dispose scope, freed by this loader only.
    private unsafe BatchMemory Allocate()
    {
        var images = empty(TensorLayout.Dimensions(_layout, _shape, _batchSize), TensorLayout.ElementType(_layout)).DetachFromDisposeScope();
        var labels = empty([_batchSize], ScalarType.Int64).DetachFromDisposeScope();
        var tensors = new PooledTensors(images, labels);
        _pool.Add(tensors);

        // A CPU tensor's storage never moves: the pointer stays valid after the fixed block, for as long as the tensor lives.
        var bytes = images.bytes;
        fixed (byte* pointer = bytes)
        {
            return _layout == BatchLayout.NchwFloat32
                ? BatchMemory.OfNativeFloats((float*)pointer, bytes.Length / sizeof(float), tensors)
                : BatchMemory.OfNativeBytes(pointer, bytes.Length, tensors);
        }
    }

    private void FreeShortViews()
    {
        _shortImages?.Dispose();
        _shortLabels?.Dispose();
        _shortImages = null;
        _shortLabels = null;
    }

    private void FreeTensors()
    {
        foreach (var tensors in _pool)
        {
            tensors.Images.Dispose();
            tensors.Labels.Dispose();
        }

        _pool.Clear();
    }

    /// <summary>Walks a loader's remaining batches with <c>foreach</c>.</summary>
    public struct Enumerator
    {
        private readonly TensorLoader _loader;

        internal Enumerator(TensorLoader loader) => _loader = loader;

        /// <summary>The current batch.</summary>
        public readonly TensorBatch Current => _loader.Current;

        /// <summary>Moves to the next batch.</summary>
        public readonly bool MoveNext() => _loader.MoveNext();
    }

    /// <summary>The tensors behind one pooled batch.</summary>
    private sealed record PooledTensors(Tensor Images, Tensor Labels);
}
