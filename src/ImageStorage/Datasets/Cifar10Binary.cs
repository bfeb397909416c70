namespace ImageStorage.Datasets;

/// <summary>
/// The CIFAR-10 binary batches (<c>data_batch_1.bin</c>…): records of 1 label byte followed by 3,072 pixel bytes,
/// 1,024 red, then 1,024 green, then 1,024 blue, each plane row by row (CHW). Converted to and from interleaved HWC.
/// </summary>
public static class Cifar10Binary
{
    /// <summary>Bytes of one record: the label byte plus 32 × 32 × 3 pixels.</summary>
    public const int RecordSize = 1 + (32 * 32 * 3);

    /// <summary>Number of classes in CIFAR-10; labels are 0..9.</summary>
    public const int ClassCount = 10;

    /// <summary>Reads a whole batch file; every label must be 0..9.</summary>
    public static ImageBatch Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new DatasetFormatException(path, "no such CIFAR-10 binary batch file.");
        }

        long length = new FileInfo(path).Length;
        if (length == 0 || length % RecordSize != 0)
        {
            throw new DatasetFormatException(path, $"is {length} bytes, not a positive multiple of the {RecordSize}-byte CIFAR-10 record.");
        }

        if (length / RecordSize > Array.MaxLength / (RecordSize - 1))
        {
            throw new DatasetFormatException(path, $"holds {length / RecordSize} records, more than one batch can hold.");
        }

        byte[] file = File.ReadAllBytes(path);
        int count = file.Length / RecordSize;
        var batch = ImageBatch.Allocate(ImageShape.Cifar10, count);
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> record = file.AsSpan(i * RecordSize, RecordSize);
            if (record[0] >= ClassCount)
            {
                throw new DatasetFormatException(path, $"record {i}: label {record[0]} is out of range (CIFAR-10 labels are 0..{ClassCount - 1}).");
            }

            batch.Labels[i] = record[0];
            PlanarToInterleaved(record[1..], batch.Image(i));
        }

        return batch;
    }

    /// <summary>Writes <paramref name="batch"/> (32×32×3, labels 0..255) as a CIFAR-10 binary batch file, so other tools can read the exact same images.</summary>
    public static void Write(string path, ImageBatch batch)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Shape != ImageShape.Cifar10)
        {
            throw new ArgumentException($"CIFAR-10 binary records hold 32x32x3 images, not {batch.Shape}.", nameof(batch));
        }

        var file = new byte[(long)batch.Count * RecordSize];
        for (int i = 0; i < batch.Count; i++)
        {
            if (batch.Labels[i] is < 0 or > byte.MaxValue)
            {
                throw new ArgumentException($"Image {i}: label {batch.Labels[i]} does not fit the one-byte CIFAR-10 label.", nameof(batch));
            }

            Span<byte> record = file.AsSpan(i * RecordSize, RecordSize);
            record[0] = (byte)batch.Labels[i];
            InterleavedToPlanar(batch.Image(i), record[1..]);
        }

        File.WriteAllBytes(path, file);
    }

    /// <summary>Converts one 32×32 image from three planes (CHW) to interleaved pixels (HWC).</summary>
    internal static void PlanarToInterleaved(ReadOnlySpan<byte> planar, Span<byte> interleaved)
    {
        const int plane = 32 * 32;
        for (int p = 0; p < plane; p++)
        {
            interleaved[(3 * p) + 0] = planar[p];
            interleaved[(3 * p) + 1] = planar[plane + p];
            interleaved[(3 * p) + 2] = planar[(2 * plane) + p];
        }
    }

    private static void InterleavedToPlanar(ReadOnlySpan<byte> interleaved, Span<byte> planar)
    {
        const int plane = 32 * 32;
        for (int p = 0; p < plane; p++)
        {
            planar[p] = interleaved[3 * p];
            planar[plane + p] = interleaved[(3 * p) + 1];
            planar[(2 * plane) + p] = interleaved[(3 * p) + 2];
        }
    }
}
