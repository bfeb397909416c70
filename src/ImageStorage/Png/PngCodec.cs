using System.Buffers;

namespace ImageStorage.Png;

/// <summary>Placeholder until the codec is chosen.</summary>
internal static class PngCodec
{
    public static void Encode(ReadOnlySpan<byte> pixels, ImageShape shape, IBufferWriter<byte> destination) => throw new NotImplementedException();

    public static void Decode(ReadOnlySpan<byte> png, Span<byte> pixels, ImageShape shape, string file, int id) => throw new NotImplementedException();
}
