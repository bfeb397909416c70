using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ImageStorage.Loading;

/// <summary>
/// Converts images from the stores' layout (NHWC bytes) into the layouts trainers take, into memory the caller
/// provides (a loader's buffers, a tensor's): NCHW bytes, or NCHW floats normalized per channel with the transpose
/// fused into the one pass that writes each float (vectorized with <see cref="Vector128{T}"/>: byte shuffles for RGB).
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
        if (channels == 3 && Vector128.IsHardwareAccelerated)
        {
            RgbToNchw(nhwc, nchw, images, plane, normalization);
            return;
        }

        int lanes = Vector128<byte>.Count;

        // Sixteen pixels at a time are split into their channels here (in L1), then widened to floats, scaled and
        // stored once into each channel's plane.
        Span<byte> split = stackalloc byte[channels * lanes];
        ref byte source = ref MemoryMarshal.GetReference(nhwc);
        ref float target = ref MemoryMarshal.GetReference(nchw);
        for (int i = 0; i < images; i++)
        {
            ref byte from = ref Unsafe.Add(ref source, i * size);
            ref float to = ref Unsafe.Add(ref target, i * size);
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
                    StoreScaled(Vector128.Create<byte>(split.Slice(c * lanes, lanes)), ref Unsafe.Add(ref to, (c * plane) + p), Vector128.Create(normalization.Scale[c]), Vector128.Create(normalization.Bias[c]));
                }
            }

            ScaleTail(ref from, ref to, p, plane, channels, normalization);
        }
    }

    // RGB, the common case: 16 pixels at a time are split into their three channels by byte shuffles (three 16-byte
    // loads, no scalar pass), each channel widened to floats, scaled and stored into its plane.
    private static void RgbToNchw(ReadOnlySpan<byte> nhwc, Span<float> nchw, int images, int plane, ChannelNormalization normalization)
    {
        // For channel c, the bytes of pixels 0..15 sit at 3k + c across the three loads; 0xFF selects a zero lane.
        ReadOnlySpan<byte> masks =
        [
            0, 3, 6, 9, 12, 15, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 2, 5, 8, 11, 14, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1, 4, 7, 10, 13,
            1, 4, 7, 10, 13, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 3, 6, 9, 12, 15, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 2, 5, 8, 11, 14,
            2, 5, 8, 11, 14, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1, 4, 7, 10, 13, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 3, 6, 9, 12, 15,
        ];
        Vector128<byte> r0 = Vector128.Create(masks[..16]), r1 = Vector128.Create(masks[16..32]), r2 = Vector128.Create(masks[32..48]);
        Vector128<byte> g0 = Vector128.Create(masks[48..64]), g1 = Vector128.Create(masks[64..80]), g2 = Vector128.Create(masks[80..96]);
        Vector128<byte> b0 = Vector128.Create(masks[96..112]), b1 = Vector128.Create(masks[112..128]), b2 = Vector128.Create(masks[128..]);
        Vector128<float> rs = Vector128.Create(normalization.Scale[0]), gs = Vector128.Create(normalization.Scale[1]), bs = Vector128.Create(normalization.Scale[2]);
        Vector128<float> ro = Vector128.Create(normalization.Bias[0]), go = Vector128.Create(normalization.Bias[1]), bo = Vector128.Create(normalization.Bias[2]);

        int size = 3 * plane;
        ref byte source = ref MemoryMarshal.GetReference(nhwc);
        ref float target = ref MemoryMarshal.GetReference(nchw);
        for (int i = 0; i < images; i++)
        {
            ref byte from = ref Unsafe.Add(ref source, i * size);
            ref float to = ref Unsafe.Add(ref target, i * size);
            int p = 0;
            for (; p + 16 <= plane; p += 16)
            {
                var a = Vector128.LoadUnsafe(ref from, (nuint)(3 * p));
                var b = Vector128.LoadUnsafe(ref from, (nuint)((3 * p) + 16));
                var d = Vector128.LoadUnsafe(ref from, (nuint)((3 * p) + 32));
                StoreScaled(Vector128.ShuffleNative(a, r0) | Vector128.ShuffleNative(b, r1) | Vector128.ShuffleNative(d, r2), ref Unsafe.Add(ref to, p), rs, ro);
                StoreScaled(Vector128.ShuffleNative(a, g0) | Vector128.ShuffleNative(b, g1) | Vector128.ShuffleNative(d, g2), ref Unsafe.Add(ref to, plane + p), gs, go);
                StoreScaled(Vector128.ShuffleNative(a, b0) | Vector128.ShuffleNative(b, b1) | Vector128.ShuffleNative(d, b2), ref Unsafe.Add(ref to, (2 * plane) + p), bs, bo);
            }

            ScaleTail(ref from, ref to, p, plane, 3, normalization);
        }
    }

    // The pixels from `first` on that do not fill a vector, one value at a time.
    private static void ScaleTail(ref byte from, ref float to, int first, int plane, int channels, ChannelNormalization normalization)
    {
        for (int p = first; p < plane; p++)
        {
            for (int c = 0; c < channels; c++)
            {
                Unsafe.Add(ref to, (c * plane) + p) = (Unsafe.Add(ref from, (p * channels) + c) * normalization.Scale[c]) + normalization.Bias[c];
            }
        }
    }

    // 16 bytes → 16 floats b × scale + bias, stored at destination (the same arithmetic as the scalar tail).
    private static void StoreScaled(Vector128<byte> bytes, ref float destination, Vector128<float> scale, Vector128<float> bias)
    {
        var (low, high) = Vector128.Widen(bytes);
        var (w0, w1) = Vector128.Widen(low);
        var (w2, w3) = Vector128.Widen(high);
        ((Vector128.ConvertToSingle(w0) * scale) + bias).StoreUnsafe(ref destination);
        ((Vector128.ConvertToSingle(w1) * scale) + bias).StoreUnsafe(ref destination, 4);
        ((Vector128.ConvertToSingle(w2) * scale) + bias).StoreUnsafe(ref destination, 8);
        ((Vector128.ConvertToSingle(w3) * scale) + bias).StoreUnsafe(ref destination, 12);
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
