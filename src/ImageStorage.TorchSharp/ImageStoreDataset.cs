using System.Buffers;
using System.Runtime.InteropServices;
using ImageStorage.Loading;
using TorchSharp;
using static TorchSharp.torch;

namespace ImageStorage.TorchSharp;

/// <summary>
/// A store as a TorchSharp dataset, for those who prefer <c>torch.utils.data.DataLoader</c> (which shuffles and
/// stacks samples itself): sample i is <c>{"data": image, "label": int64}</c>, the image in <paramref name="layout"/>
/// ([C, H, W] or [H, W, C]). Every sample is two new tensors: dispose them (a dispose scope per step). The store stays
/// the caller's.
/// </summary>
/// <param name="store">The store to read.</param>
/// <param name="layout">The layout of each image tensor.</param>
/// <param name="normalization">For <see cref="BatchLayout.NchwFloat32"/>: the per-channel mean and deviation; by default pixel / 255.</param>
public sealed class ImageStoreDataset(IImageStore store, BatchLayout layout = BatchLayout.NchwFloat32, ChannelNormalization? normalization = null)
    : torch.utils.data.Dataset
{
    private readonly IImageStore _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <summary>Number of samples: the store's count.</summary>
    public override long Count => _store.Count;

    /// <summary>Reads sample <paramref name="index"/> into new tensors.</summary>
    public override Dictionary<string, Tensor> GetTensor(long index)
    {
        var shape = _store.Shape;
        var image = empty(TensorLayout.Dimensions(layout, shape), TensorLayout.ElementType(layout));
        int label;
        if (layout == BatchLayout.NhwcUInt8)
        {
            label = _store.Read(checked((int)index), image.bytes);
        }
        else
        {
            byte[] pixels = ArrayPool<byte>.Shared.Rent(shape.ByteCount);
            try
            {
                var hwc = pixels.AsSpan(0, shape.ByteCount);
                label = _store.Read(checked((int)index), hwc);
                if (layout == BatchLayout.NchwFloat32)
                {
                    ImageLayouts.ToNchw(hwc, MemoryMarshal.Cast<byte, float>(image.bytes), shape, normalization);
                }
                else
                {
                    ImageLayouts.ToNchw(hwc, image.bytes, shape);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(pixels);
            }
        }

        return new Dictionary<string, Tensor> { ["data"] = image, ["label"] = tensor((long)label) };
    }
}
