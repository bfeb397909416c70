using ImageStorage.Loading;
using static TorchSharp.torch;

namespace ImageStorage.TorchSharp;

/// <summary>
/// One batch as tensors: images in the loader's layout and int64 labels (what cross-entropy takes). The tensors
/// belong to the <see cref="TensorLoader"/> and are refilled after the next MoveNext: do not dispose them, and
/// <c>clone()</c> what must outlive the step.
/// </summary>
public readonly struct TensorBatch
{
    internal TensorBatch(Tensor images, Tensor labels, LoaderBatch source)
    {
        Images = images;
        Labels = labels;
        Source = source;
    }

    /// <summary>The images: [N, C, H, W] for the NCHW layouts, [N, H, W, C] for NHWC.</summary>
    public Tensor Images { get; }

    /// <summary>One int64 label per image: [N].</summary>
    public Tensor Labels { get; }

    /// <summary>The loader's batch behind the tensors: epoch, index, store ids.</summary>
    public LoaderBatch Source { get; }

    /// <summary>Splits the batch into its images and labels.</summary>
    public void Deconstruct(out Tensor images, out Tensor labels)
    {
        images = Images;
        labels = Labels;
    }
}
