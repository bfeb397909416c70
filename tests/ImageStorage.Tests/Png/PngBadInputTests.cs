using ImageStorage.Png;

namespace ImageStorage.Tests.Png;

/// <summary>
/// Damaged and foreign PNGs inside a store, each read with both codecs: refused with a <see cref="CorruptStoreException"/>
/// naming the file and the id (an image in a store that is not what the store holds is damage of the store), before
/// any large allocation, never silently wrong pixels — or, for PNGs with extra chunks, read exactly.
/// </summary>
public class PngBadInputTests
{
    [Theory]
    [MemberData(nameof(PngFixtures.Codecs), MemberType = typeof(PngFixtures))]
    public void A_header_claiming_60000_by_60000_is_refused_before_any_large_allocation(PngCodec codec)
    {
        using var dir = new TempDirectory();
        var crafted = PngFixtures.WithClaimedSize(PngImageCodec.For(codec, ImageShape.Cifar10).Encode(PngFixtures.Expected(3)).ToArray(), 60000, 60000);
        string path = PngFixtures.StoreWith(dir, 3, crafted, codec);
        using var store = PngFixtures.Open(path, codec);
        var pixels = new byte[ImageShape.Cifar10.ByteCount];
        store.Read(0, pixels); // labels, checksums and buffers are loaded before the measurement

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<CorruptStoreException>(() => store.Read(1, pixels));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes refusing a 60000x60000 claim");
        AssertNames(e, path, "60000x60000");
        Assert.Contains("32x32x3", e.Message, StringComparison.Ordinal);
        store.Read(2, pixels); // the other images still read
    }

    [Theory]
    [MemberData(nameof(PngFixtures.Codecs), MemberType = typeof(PngFixtures))]
    public void A_truncated_png_is_refused_wherever_it_was_cut(PngCodec codec)
    {
        // Skia writes a 256×256 image as eight IDAT chunks, so a cut can fall between two of them; ImageSharp's decoder
        // alone returns the rows it got from such a file, without an error.
        var shape = new ImageShape(256, 256, 3);
        var png = PngImageCodec.For(PngCodec.SkiaSharp, shape).Encode(TestImages.Batch(1, shape).Image(0)).ToArray();
        var chunks = PngFixtures.Chunks(png);
        var firstData = chunks.First(c => c.Type == "IDAT");
        var cuts = new Dictionary<string, int>
        {
            ["in the middle"] = png.Length / 2,
            ["after the first IDAT"] = firstData.Offset + 12 + firstData.Length,
            ["before IEND"] = chunks[^1].Offset,
            ["inside the IEND chunk"] = png.Length - 2,
        };
        var decoder = PngImageCodec.For(codec, shape);
        var pixels = new byte[shape.ByteCount];
        foreach (var (where, length) in cuts)
        {
            var e = Assert.Throws<CorruptStoreException>(() => decoder.Decode(png.AsSpan(0, length), pixels, "7.png", 7));
            Assert.True(e.Message.Contains("truncated", StringComparison.Ordinal), $"cut {where}: {e.Message}");
            Assert.Equal(7, e.ImageId);
        }

        using var dir = new TempDirectory();
        string path = PngFixtures.StoreWith(dir, 3, PngFixtures.Read("pillow_rgb.png")[..400], codec);
        using var store = PngFixtures.Open(path, codec);
        AssertNames(Assert.Throws<CorruptStoreException>(() => store.Read(1, new byte[3072])), path, "truncated");
    }

    [Theory]
    [MemberData(nameof(PngFixtures.Codecs), MemberType = typeof(PngFixtures))]
    public void A_flipped_byte_in_idat_is_refused_not_read_as_wrong_pixels(PngCodec codec)
    {
        using var dir = new TempDirectory();
        var png = PngFixtures.Read("pillow_rgb.png");
        var data = PngFixtures.Chunks(png).Single(c => c.Type == "IDAT");
        png[data.Offset + 8 + (data.Length / 2)] ^= 0x20;
        string path = PngFixtures.StoreWith(dir, 3, png, codec);
        using var store = ImageStores.Open(path, new StoreOptions { PngCodec = codec, VerifyChecksums = false });
        var e = Assert.Throws<CorruptStoreException>(() => store.Read(1, new byte[3072]));
        AssertNames(e, path, "PNG decoding failed");
    }

    [Theory]
    [MemberData(nameof(PngFixtures.Codecs), MemberType = typeof(PngFixtures))]
    public void No_single_flipped_byte_anywhere_yields_wrong_pixels(PngCodec codec)
    {
        // Without the store's own checksums: the PNG's CRCs and structure alone must catch every one.
        var png = PngFixtures.Read("pillow_rgb.png");
        var expected = PngFixtures.Expected(3);
        var decoder = PngImageCodec.For(codec, ImageShape.Cifar10);
        var pixels = new byte[expected.Length];
        for (int at = 0; at < png.Length; at++)
        {
            var damaged = (byte[])png.Clone();
            damaged[at] ^= 0x04;
            try
            {
                decoder.Decode(damaged, pixels, "1.png", 1);
            }
            catch (CorruptStoreException)
            {
                continue;
            }

            Assert.True(expected.AsSpan().SequenceEqual(pixels), $"byte {at} flipped: decoded without an error into other pixels");
        }
    }

    [Theory]
    [MemberData(nameof(PngFixtures.Codecs), MemberType = typeof(PngFixtures))]
    public void A_16_bit_png_is_refused_as_the_wrong_format(PngCodec codec)
    {
        using var dir = new TempDirectory();
        string path = PngFixtures.StoreWith(dir, 1, PngFixtures.Read("pillow_gray16.png"), codec);
        using var store = PngFixtures.Open(path, codec);
        AssertNames(Assert.Throws<CorruptStoreException>(() => store.Read(1, new byte[1024])), path, "16-bit grayscale");
    }

    [Theory]
    [MemberData(nameof(PngFixtures.Codecs), MemberType = typeof(PngFixtures))]
    public void A_palette_png_is_refused_as_the_wrong_format(PngCodec codec)
    {
        using var dir = new TempDirectory();
        string path = PngFixtures.StoreWith(dir, 3, PngFixtures.Read("pillow_palette.png"), codec);
        using var store = PngFixtures.Open(path, codec);
        AssertNames(Assert.Throws<CorruptStoreException>(() => store.Read(1, new byte[3072])), path, "palette");
    }

    [Theory]
    [MemberData(nameof(PngFixtures.Codecs), MemberType = typeof(PngFixtures))]
    public void An_animated_png_is_refused_and_extra_chunks_are_read_past(PngCodec codec)
    {
        using var dir = new TempDirectory();
        string path = PngFixtures.StoreWith(dir, 3, PngFixtures.Read("pillow_apng.png"), codec);
        using (var store = PngFixtures.Open(path, codec))
        {
            AssertNames(Assert.Throws<CorruptStoreException>(() => store.Read(1, new byte[3072])), path, "animated PNG");
        }

        File.Copy(Path.Combine(AppContext.BaseDirectory, "TestData", "png", "pillow_chunks.png"), Path.Combine(path, "1.png"), overwrite: true);
        using (var store = PngFixtures.Open(path, codec))
        {
            var pixels = new byte[3072];
            store.Read(1, pixels);
            Assert.Equal(PngFixtures.Expected(3), pixels);
        }
    }

    private static void AssertNames(CorruptStoreException e, string storePath, string reason)
    {
        Assert.Equal(1, e.ImageId);
        Assert.Contains(Path.Combine(storePath, "1.png"), e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }
}
