using ImageStorage.Loading;
using TorchSharp;

namespace ImageStorage.TorchSharp;

/// <summary>The tensor shape and element type each <see cref="BatchLayout"/> maps to.</summary>
internal static class TensorLayout
{
    /// <summary>The dimensions of <paramref name="count"/> images of <paramref name="shape"/> in <paramref name="layout"/>; without a count, of one image.</summary>
    public static long[] Dimensions(BatchLayout layout, ImageShape shape, long? count = null)
    {
        long[] image = layout == BatchLayout.NhwcUInt8
            ? [shape.Height, shape.Width, shape.Channels]
            : [shape.Channels, shape.Height, shape.Width];
        return count is long n ? [n, .. image] : image;
    }

    /// <summary>The element type of <paramref name="layout"/>.</summary>
    public static torch.ScalarType ElementType(BatchLayout layout) =>
        layout == BatchLayout.NchwFloat32 ? torch.ScalarType.Float32 : torch.ScalarType.Byte;
}
