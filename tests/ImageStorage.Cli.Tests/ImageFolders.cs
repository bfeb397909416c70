using ImageStorage.Datasets;
using SkiaSharp;

namespace ImageStorage.Cli.Tests;

/// <summary>Image folders in the ImageFolder convention, made for the tests: the synthetic images as PNG and JPEG files, one sub-folder per class.</summary>
public static class ImageFolders
{
    /// <summary>The classes made, in sorted order (so label i is Classes[i]).</summary>
    public static readonly string[] Classes = ["airplane", "bird", "cat"];

    /// <summary>
    /// Writes <paramref name="perClass"/> images per class into <paramref name="folder"/>: even-numbered files as PNG,
    /// odd ones as JPEG; returns the pixels of every image in the order the tool reads them (class, then file name).
    /// </summary>
    public static ImageBatch Make(string folder, int perClass, int width = 24, int height = 20, bool jpeg = true)
    {
        var shape = new ImageShape(height, width, 3);
        var expected = ImageBatch.Allocate(shape, Classes.Length * perClass);
        for (int c = 0; c < Classes.Length; c++)
        {
            Directory.CreateDirectory(Path.Combine(folder, Classes[c]));
            var images = SyntheticImages.Generate(perClass, shape, seed: 100 + (ulong)c);
            for (int i = 0; i < perClass; i++)
            {
                bool asJpeg = jpeg && i % 2 == 1;
                string file = Path.Combine(folder, Classes[c], $"{i:0000}.{(asJpeg ? "jpg" : "png")}");
                Write(file, images.Image(i), shape, asJpeg);
                int at = (c * perClass) + i;
                expected.Labels[at] = c;
                // A JPEG is lossy: what the tool must read is what a decoder gets back from the file.
                (asJpeg ? Decode(file) : images.Image(i).ToArray()).CopyTo(expected.Image(at));
            }
        }

        return expected;
    }

    /// <summary>Writes one RGB image as a PNG or JPEG file with SkiaSharp.</summary>
    public static void Write(string file, ReadOnlySpan<byte> rgb, ImageShape shape, bool jpeg)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(shape.Width, shape.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var pixels = bitmap.GetPixelSpan();
        for (int p = 0; p < shape.Width * shape.Height; p++)
        {
            pixels[4 * p] = rgb[3 * p];
            pixels[(4 * p) + 1] = rgb[(3 * p) + 1];
            pixels[(4 * p) + 2] = rgb[(3 * p) + 2];
            pixels[(4 * p) + 3] = 255;
        }

        using var data = bitmap.Encode(jpeg ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Png, 90);
        File.WriteAllBytes(file, data.ToArray());
    }

    // The RGB pixels SkiaSharp decodes from a file.
    private static byte[] Decode(string file)
    {
        using var bitmap = SKBitmap.Decode(file);
        using var rgba = bitmap.Copy(SKColorType.Rgba8888);
        var pixels = rgba.GetPixelSpan();
        var rgb = new byte[bitmap.Width * bitmap.Height * 3];
        for (int p = 0; p < bitmap.Width * bitmap.Height; p++)
        {
            rgb[3 * p] = pixels[4 * p];
            rgb[(3 * p) + 1] = pixels[(4 * p) + 1];
            rgb[(3 * p) + 2] = pixels[(4 * p) + 2];
        }

        return rgb;
    }
}
