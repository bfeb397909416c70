using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ImageStorage.Loading;

/// <summary>
/// Converts images from the stores' layout (NHWC bytes) into the layouts trainers take, into memory the caller
/// provides (a loader's buffers, a tensor's): NCHW bytes, or NCHW floats normalized per channel with the transpose
/// fused into the one pass that writes each float (vectorized with <see cref="Vector{T}"/>).
/// </summary>
public static class ImageLayouts
{
    /// <summary>Writes the images of <paramref name="nhwc"/> (whole images of <paramref name="shape"/>) into <paramref name="nchw"/> as NCHW bytes.</summary>
    public static void ToNchw(ReadOnlySpan<byte> nhwc, Span<byte> nchw, ImageShape shape)
    {
        int images = CheckLengths(nhwc.Length, nchw.Length, shape);
        int size = shape.ByteCount, channels = shape.Channels, plane = shape.Height * shape.Width;
        if (channels == 1)
        {
            nhwc.CopyTo(nchw);
            return;
        }

        ref byte source = ref MemoryMarshal.GetReference(nhwc);
        ref byte target = ref MemoryMarshal.GetReference(nchw);
        for (int i = 0; i < images; i++)
        {
            ref byte from = ref Unsafe.Add(ref source, i * size);
            ref byte to = ref Unsafe.Add(ref target, i * size);
            for (int p = 0; p < plane; p++)
            {
                for (int c = 0; c < channels; c++)
                {
                    Unsafe.Add(ref to, (c * plane) + p) = Unsafe.Add(ref from, (p * channels) + c);
                }
            }
        }
    }

    /// <summary>
    /// Writes the images of <paramref name="nhwc"/> into <paramref name="nchw"/> as NCHW floats
    /// (pixel / 255 − mean[c]) / std[c]; without a normalization, pixel / 255.
    /// </summary>
    public static void ToNchw(ReadOnlySpan<byte> nhwc, Span<float> nchw, ImageShape shape, ChannelNormalization? normalization = null)
    {
        int images = CheckLengths(nhwc.Length, nchw.Length, shape);
        normalization ??= ChannelNormalization.UnitScale(shape.Channels);
        if (normalization.Channels != shape.Channels)
        {
            throw new ArgumentException($"The normalization is for {normalization.Channels} channels; images of shape {shape} have {shape.Channels}.", nameof(normalization));
        }

        int size = shape.ByteCount, channels = shape.Channels, plane = shape.Height * shape.Width;
        int lanes = Vector<byte>.Count;

        // One vector's worth of pixels at a time is split into its channels here (in L1), then widened to floats,
        // scaled and stored once into each channel's plane.
        Span<byte> split = stackalloc byte[channels * lanes];
        ref byte source = ref MemoryMarshal.GetReference(nhwc);
        for (int i = 0; i < images; i++)
        {
            ref byte from = ref Unsafe.Add(ref source, i * size);
            var to = nchw.Slice(i * size, size);
            int p = 0;
            for (; p + lanes <= plane; p += lanes)
            {
                ref byte chunk = ref Unsafe.Add(ref from, p * channels);
                for (int k = 0; k < lanes; k++)
                {
                    for (int c = 0; c < channels; c++)
                    {
                        split[(c * lanes) + k] = Unsafe.Add(ref chunk, (k * channels) + c);
                    }
                }

                for (int c = 0; c < channels; c++)
                {
                    WidenScaled(split.Slice(c * lanes, lanes), to.Slice((c * plane) + p, lanes), normalization.Scale[c], normalization.Bias[c]);
                }
            }

            for (; p < plane; p++)
            {
                for (int c = 0; c < channels; c++)
                {
                    to[(c * plane) + p] = (Unsafe.Add(ref from, (p * channels) + c) * normalization.Scale[c]) + normalization.Bias[c];
                }
            }
        }
    }

    // One vector of bytes → four vectors of floats b × scale + bias (the same arithmetic as the scalar tail, so results match it exactly).
    private static void WidenScaled(ReadOnlySpan<byte> bytes, Span<float> floats, float scale, float bias)
    {
        Vector.Widen(new Vector<byte>(bytes), out Vector<ushort> low, out Vector<ushort> high);
        Vector.Widen(low, out Vector<uint> a, out Vector<uint> b);
        Vector.Widen(high, out Vector<uint> c, out Vector<uint> d);
        var s = new Vector<float>(scale);
        var o = new Vector<float>(bias);
        int n = Vector<float>.Count;
        ((Vector.ConvertToSingle(a) * s) + o).CopyTo(floats);
        ((Vector.ConvertToSingle(b) * s) + o).CopyTo(floats[n..]);
        ((Vector.ConvertToSingle(c) * s) + o).CopyTo(floats[(2 * n)..]);
        ((Vector.ConvertToSingle(d) * s) + o).CopyTo(floats[(3 * n)..]);
    }

    // Whole images in, room for as many out: returns the image count.
    private static int CheckLengths(int sourceLength, int destinationLength, ImageShape shape)
    {
        shape.Validate();
        if (sourceLength % shape.ByteCount != 0)
        {
            throw new ArgumentException($"{sourceLength} bytes are not whole images of shape {shape}.");
        }

        if (destinationLength < sourceLength)
        {
            throw new ArgumentException($"The destination holds {destinationLength} values; {sourceLength / shape.ByteCount} images of shape {shape} need {sourceLength}.");
        }

        return sourceLength / shape.ByteCount;
    }
}
