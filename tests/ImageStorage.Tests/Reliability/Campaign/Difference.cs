namespace ImageStorage.Tests.Reliability.Campaign;

/// <summary>Says how a read differs from what was written, in one line, so a campaign can report what came back.</summary>
public static class Difference
{
    /// <summary>The first way <paramref name="actual"/> differs from the expected images and labels, or null if it is byte-exact.</summary>
    public static string? Between(Func<int, (ReadOnlyMemory<byte> Pixels, int Label)> expected, int expectedCount, ImageBatch actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        if (actual.Count != expectedCount)
        {
            return $"{actual.Count} images instead of {expectedCount}";
        }

        for (int i = 0; i < actual.Count; i++)
        {
            var (pixels, label) = expected(i);
            string? one = OfImage(i, pixels.Span, label, actual.Image(i), actual.Labels[i]);
            if (one is not null)
            {
                return one;
            }
        }

        return null;
    }

    /// <summary>Image <paramref name="i"/> of <paramref name="batch"/> as the expected side of <see cref="Between"/>.</summary>
    public static (ReadOnlyMemory<byte> Pixels, int Label) At(ImageBatch batch, int i)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return (batch.PixelMemory.Slice(i * batch.Shape.ByteCount, batch.Shape.ByteCount), batch.Labels[i]);
    }

    /// <summary>How one read image differs from the one written, or null if it is byte-exact.</summary>
    public static string? OfImage(int id, ReadOnlySpan<byte> expectedPixels, int expectedLabel, ReadOnlySpan<byte> pixels, int label)
    {
        int at = expectedPixels.CommonPrefixLength(pixels);
        if (at < expectedPixels.Length || pixels.Length != expectedPixels.Length)
        {
            return $"image {id}: pixel byte {at} is {pixels[at]}, written {expectedPixels[at]} (label {label}, written {expectedLabel})";
        }

        return label != expectedLabel ? $"image {id}: label {label}, written {expectedLabel}" : null;
    }
}
