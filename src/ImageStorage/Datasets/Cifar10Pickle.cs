using System.Globalization;

namespace ImageStorage.Datasets;

/// <summary>Reads the CIFAR-10 "python version" batches (<c>data_batch_1</c>…<c>data_batch_5</c>, <c>test_batch</c>) without executing anything from the pickle.</summary>
/// <remarks>
/// Each file is a pickled dict whose <c>data</c> is a uint8 numpy array of N rows of 3,072 bytes (1,024 red, 1,024 green,
/// then 1,024 blue samples, each plane row by row: CHW) and whose <c>labels</c> is a list of N ints 0..9; keys may be str
/// or bytes. The pickle is read by a restricted unpickler that allows only the numpy globals needed to rebuild a uint8
/// array and calls none of them, so a file that would run code under Python's <c>pickle.load</c> is refused.
/// </remarks>
public static class Cifar10Pickle
{
    private const int ClassCount = 10;
    private const int Plane = 32 * 32;
    private const int RowSize = 3 * Plane;

    /// <summary>Reads a whole batch file into 32×32×3 interleaved (HWC) images and their labels, refusing any pickle that is not a plain CIFAR-10 batch.</summary>
    public static ImageBatch Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new DatasetFormatException(path, "no such CIFAR-10 pickle batch file.");
        }

        return Read(File.ReadAllBytes(path), path);
    }

    /// <summary>Reads a batch from the bytes of a pickle file; <paramref name="path"/> names it in errors.</summary>
    internal static ImageBatch Read(ReadOnlyMemory<byte> file, string path)
    {
        object? root = RestrictedUnpickler.Load(file, path);
        if (root is not PickleDict dict)
        {
            throw Error(path, $"the pickle holds a {RestrictedUnpickler.TypeName(root)}, not the dict of a CIFAR-10 batch.");
        }

        if (!dict.TryGetValue("data", out object? dataValue))
        {
            throw Error(path, $"the batch dict has no 'data' entry.");
        }

        if (dataValue is not PickleArray { IsFilled: true } data)
        {
            throw Error(path, $"'data' is a {RestrictedUnpickler.TypeName(dataValue)}, not a filled-in uint8 numpy array.");
        }

        if (data.Shape.Length != 2 || data.Shape[1] != RowSize)
        {
            throw Error(
                path,
                $"'data' has shape {PickleArray.FormatShape(data.Shape)}; a CIFAR-10 batch has shape (N, {RowSize}): one row of 1024 red, 1024 green and 1024 blue samples per image.");
        }

        long count = data.Shape[0];
        if (!dict.TryGetValue("labels", out object? labelsValue))
        {
            throw Error(path, $"the batch dict has no 'labels' entry.");
        }

        IReadOnlyList<object?> labelList = labelsValue switch
        {
            List<object?> list => list,
            object?[] tuple => tuple,
            _ => throw Error(path, $"'labels' is a {RestrictedUnpickler.TypeName(labelsValue)}, not a list of ints."),
        };
        if (labelList.Count != count)
        {
            throw Error(path, $"'labels' holds {labelList.Count} labels but 'data' holds {count} images.");
        }

        var labels = new int[labelList.Count];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = labelList[i] switch
            {
                long label and >= 0 and < ClassCount => (int)label,
                long label => throw Error(path, $"image {i}: label {label} is out of range (CIFAR-10 labels are 0..{ClassCount - 1})."),
                var other => throw Error(path, $"image {i}: the label is a {RestrictedUnpickler.TypeName(other)}, not an int."),
            };
        }

        byte[] pixels = GC.AllocateUninitializedArray<byte>(data.Data.Length);
        ReadOnlySpan<byte> rows = data.Data.Span;
        for (int i = 0; i < labels.Length; i++)
        {
            Cifar10Binary.PlanarToInterleaved(rows.Slice(i * RowSize, RowSize), pixels.AsSpan(i * RowSize, RowSize));
        }

        return new ImageBatch(ImageShape.Cifar10, pixels, labels);
    }

    private static DatasetFormatException Error(string path, FormattableString message) =>
        new(path, message.ToString(CultureInfo.InvariantCulture));
}
