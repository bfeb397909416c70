using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace ImageStorage.Tests.Png;

/// <summary>The Pillow-made PNGs under TestData/png, the pattern they hold, and PNGs damaged or rewritten chunk by chunk.</summary>
public static class PngFixtures
{
    /// <summary>Both codecs, for theories that run once per codec.</summary>
    public static TheoryData<PngCodec> Codecs() => new(Enum.GetValues<PngCodec>());

    /// <summary>The shape of every Pillow fixture.</summary>
    public static ImageShape Shape(int channels) => new(32, 32, channels);

    /// <summary>The bytes of fixture <paramref name="name"/> (see TestData/png/make_fixtures.py).</summary>
    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "png", name));

    /// <summary>The pixels make_fixtures.py draws: (8x + 3y + 85c + (xy mod 23)) mod 256, HWC.</summary>
    public static byte[] Expected(int channels)
    {
        var pixels = new byte[32 * 32 * channels];
        for (int y = 0; y < 32; y++)
        {
            for (int x = 0; x < 32; x++)
            {
                for (int c = 0; c < channels; c++)
                {
                    pixels[(((y * 32) + x) * channels) + c] = (byte)(((8 * x) + (3 * y) + (85 * c) + (x * y % 23)) % 256);
                }
            }
        }

        return pixels;
    }

    /// <summary>The chunks of <paramref name="png"/>, in order: type, offset of the chunk's length field, data length.</summary>
    public static List<(string Type, int Offset, int Length)> Chunks(byte[] png)
    {
        var chunks = new List<(string, int, int)>();
        for (int at = 8; at + 12 <= png.Length;)
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at));
            chunks.Add((Encoding.ASCII.GetString(png, at + 4, 4), at, length));
            at += 12 + length;
        }

        return chunks;
    }

    /// <summary>A copy of <paramref name="png"/> whose IHDR claims <paramref name="height"/>×<paramref name="width"/>, with a correct CRC, as a crafted file would.</summary>
    public static byte[] WithClaimedSize(byte[] png, uint height, uint width)
    {
        var crafted = (byte[])png.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(crafted.AsSpan(16), width);
        BinaryPrimitives.WriteUInt32BigEndian(crafted.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(crafted.AsSpan(29), Crc32.HashToUInt32(crafted.AsSpan(12, 17)));
        return crafted;
    }

    /// <summary>
    /// A PNG store of three 32×32 images written by <paramref name="codec"/> whose image 1 is the fixtures' pattern (so
    /// its checksum is the pattern's), then image 1's file replaced by <paramref name="png"/>.
    /// </summary>
    public static string StoreWith(TempDirectory dir, int channels, byte[] png, PngCodec codec = PngCodec.SkiaSharp)
    {
        string path = TestImages.StorePath(dir, StoreKind.Png);
        var batch = TestImages.Batch(3, Shape(channels));
        Expected(channels).CopyTo(batch.Image(1));
        ImageStores.Write(StoreKind.Png, path, batch, new StoreOptions { PngCodec = codec });
        File.WriteAllBytes(Path.Combine(path, "1.png"), png);
        return path;
    }

    /// <summary>Opens <paramref name="path"/> with <paramref name="codec"/>, checking every image read against its checksum.</summary>
    public static IImageStore Open(string path, PngCodec codec) => ImageStores.Open(path, new StoreOptions { PngCodec = codec, VerifyChecksums = true });
}
