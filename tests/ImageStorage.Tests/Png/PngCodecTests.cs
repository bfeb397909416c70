using ImageStorage.Png;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageStorage.Tests.Png;

/// <summary>Both PNG codecs give back exactly what either of them wrote, read Pillow's files exactly, and write the pixels and nothing else.</summary>
public class PngCodecTests
{
    public static TheoryData<PngCodec, PngCodec, StoreKind> WriterReaderKind()
    {
        var data = new TheoryData<PngCodec, PngCodec, StoreKind>();
        foreach (var writer in Enum.GetValues<PngCodec>())
        {
            foreach (var reader in Enum.GetValues<PngCodec>())
            {
                // The PNG store, and every kind that can hold PNG-encoded records.
                foreach (var kind in TestImages.LocalKinds.Where(k => k == StoreKind.Png || ImageStores.Encodings(k).Contains(RecordEncoding.Png)))
                {
                    data.Add(writer, reader, kind);
                }
            }
        }

        return data;
    }

    public static TheoryData<PngCodec, string, int> PillowFiles()
    {
        var data = new TheoryData<PngCodec, string, int>();
        foreach (var codec in Enum.GetValues<PngCodec>())
        {
            data.Add(codec, "pillow_rgb.png", 3);
            data.Add(codec, "pillow_rgb_best.png", 3);
            data.Add(codec, "pillow_gray.png", 1);
            data.Add(codec, "pillow_chunks.png", 3);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(WriterReaderKind))]
    public void What_one_codec_stores_the_other_reads_exactly(PngCodec writer, PngCodec reader, StoreKind kind)
    {
        using var dir = new TempDirectory();
        foreach (var (shape, count) in new[] { (ImageShape.Cifar10, 40), (new ImageShape(28, 28, 1), 20), (new ImageShape(256, 256, 3), 3) })
        {
            var batch = TestImages.Batch(count, shape);
            string path = TestImages.StorePath(dir, kind, $"store-{shape}");
            var options = new StoreOptions { PngCodec = writer, Encoding = kind == StoreKind.Png ? RecordEncoding.Raw : RecordEncoding.Png };
            ImageStores.Write(kind, path, batch, options);

            using var store = PngFixtures.Open(path, reader);
            TestImages.AssertEqual(batch, store.ReadAll());
            var one = new byte[shape.ByteCount];
            Assert.Equal(batch.Labels[count - 1], store.Read(count - 1, one));
            Assert.Equal(batch.Image(count - 1).ToArray(), one);
        }
    }

    [Theory]
    [MemberData(nameof(PngFixtures.Codecs), MemberType = typeof(PngFixtures))]
    public void A_store_written_by_one_codec_takes_an_append_by_the_other(PngCodec first)
    {
        using var dir = new TempDirectory();
        var second = first == PngCodec.SkiaSharp ? PngCodec.ImageSharp : PngCodec.SkiaSharp;
        var batch = TestImages.Batch(30, ImageShape.Cifar10);
        string path = TestImages.StorePath(dir, StoreKind.Png);
        ImageStores.Write(StoreKind.Png, path, batch.Slice(0, 20), new StoreOptions { PngCodec = first });
        using (var writer = ImageStores.Append(path, new StoreOptions { PngCodec = second }))
        {
            writer.AddMany(batch.Slice(20, 10));
            writer.Commit();
        }

        using var store = PngFixtures.Open(path, first);
        TestImages.AssertEqual(batch, store.ReadAll());
    }

    [Theory]
    [MemberData(nameof(PngFixtures.Codecs), MemberType = typeof(PngFixtures))]
    public void An_image_larger_than_a_mebibyte_fits_under_the_allocation_limit(PngCodec codec)
    {
        // The limit is counted in whole MiB: a 1.1 MiB image must get a 2 MiB limit, not be refused as too large.
        var shape = new ImageShape(600, 640, 3);
        var image = TestImages.Batch(1, shape);
        var png = PngImageCodec.For(codec, shape);
        var pixels = new byte[shape.ByteCount];
        png.Decode(png.Encode(image.Image(0)), pixels, "big.png", 0);
        Assert.True(image.Image(0).SequenceEqual(pixels));
    }

    [Theory]
    [MemberData(nameof(PillowFiles))]
    public void Both_codecs_read_pillows_pngs_exactly(PngCodec codec, string fixture, int channels)
    {
        using var dir = new TempDirectory();
        string path = PngFixtures.StoreWith(dir, channels, PngFixtures.Read(fixture));
        using var store = PngFixtures.Open(path, codec);
        var pixels = new byte[32 * 32 * channels];
        store.Read(1, pixels); // checked against the pattern's checksum too
        Assert.Equal(PngFixtures.Expected(channels), pixels);
        TestImages.AssertEqual(TestImages.Batch(1, PngFixtures.Shape(channels)), store.ReadRange(0, 1));
    }

    [Theory]
    [MemberData(nameof(PngFixtures.Codecs), MemberType = typeof(PngFixtures))]
    public void Encoded_files_are_8_bit_rgb_or_grayscale_with_no_metadata_chunks(PngCodec codec)
    {
        // Skia always writes sBIT (three bytes: every bit of every sample is significant); nothing else but the image.
        string[] allowed = codec == PngCodec.SkiaSharp ? ["IDAT", "sBIT"] : ["IDAT"];
        foreach (var shape in new[] { ImageShape.Cifar10, new ImageShape(28, 28, 1), new ImageShape(256, 256, 3) })
        {
            var png = PngImageCodec.For(codec, shape).Encode(TestImages.Batch(1, shape).Image(0)).ToArray();
            var chunks = PngFixtures.Chunks(png);
            Assert.Equal("IHDR", chunks[0].Type);
            Assert.Equal("IEND", chunks[^1].Type);
            Assert.All(chunks.Skip(1).SkipLast(1), c => Assert.Contains(c.Type, allowed));
            Assert.Contains(chunks, c => c.Type == "IDAT");
            Assert.Equal(8, png[24]);
            Assert.Equal(shape.Channels == 3 ? 2 : 0, png[25]);
            Assert.Equal(0, png[28]);
        }
    }

    [Fact]
    public void The_imagesharp_configuration_knows_png_and_nothing_else()
    {
        var configuration = ImageSharpPngCodec.ConfigurationFor(ImageShape.Cifar10);
        Assert.Equal([SixLabors.ImageSharp.Formats.Png.PngFormat.Instance], configuration.ImageFormats);
        var codec = PngImageCodec.For(PngCodec.ImageSharp, ImageShape.Cifar10);
        var pixels = new byte[ImageShape.Cifar10.ByteCount];
        using var image = Image.LoadPixelData<Rgb24>(TestImages.Batch(1, ImageShape.Cifar10).Image(0), 32, 32);
        foreach (var format in new[] { "jpeg", "gif", "tiff", "bmp", "webp" })
        {
            using var stream = new MemoryStream();
            var encoder = Configuration.Default.ImageFormatsManager.FindEncoder(Configuration.Default.ImageFormatsManager.FindFormatByFileExtension(format));
            image.Save(stream, encoder);
            byte[] bytes = stream.ToArray();

            // ImageSharp's default configuration decodes it; ours has no decoder to hand it to.
            Assert.NotNull(Image.Identify(Configuration.Default, bytes, out _));
            Assert.Throws<UnknownImageFormatException>(() => Image.Load<Rgb24>(configuration, bytes));
            var refused = Assert.Throws<CorruptStoreException>(() => codec.Decode(bytes, pixels, "image." + format, 4));
            Assert.Contains("not a PNG file", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_imagesharp_allocator_refuses_a_buffer_larger_than_one_image()
    {
        // Behind the header check: were a 60000×60000 claim to reach ImageSharp, its allocator would refuse the 10 GB.
        var crafted = PngFixtures.WithClaimedSize(PngFixtures.Read("pillow_rgb.png"), 60000, 60000);
        var configuration = ImageSharpPngCodec.ConfigurationFor(ImageShape.Cifar10);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidImageContentException>(() => Image.Load<Rgb24>(configuration, crafted));
        Assert.IsType<SixLabors.ImageSharp.Memory.InvalidMemoryOperationException>(e.InnerException);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "refused before allocating the image");
    }

    [Fact]
    public void An_unknown_codec_is_refused_before_a_store_is_touched()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new StoreOptions { PngCodec = (PngCodec)7 });
        Assert.Contains("SkiaSharp, ImageSharp", e.Message, StringComparison.Ordinal);
    }
}
