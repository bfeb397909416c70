namespace ImageStorage.Datasets;

/// <summary>A folder as CIFAR-10 unpacks: the five training batches in the binary form (<c>data_batch_1.bin</c>…) or the Python form (<c>data_batch_1</c>…), detected automatically.</summary>
public static class Cifar10Folder
{
    /// <summary>Number of training batches CIFAR-10 ships.</summary>
    public const int TrainingBatches = 5;

    /// <summary>Reads every training batch present in <paramref name="folder"/> (at least <c>data_batch_1</c>), in order, into one batch.</summary>
    public static ImageBatch ReadTraining(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new DatasetFormatException(folder, "no such CIFAR-10 folder.");
        }

        var parts = new List<ImageBatch>();
        for (int b = 1; b <= TrainingBatches; b++)
        {
            string binary = Path.Combine(folder, $"data_batch_{b}.bin");
            string pickle = Path.Combine(folder, $"data_batch_{b}");
            if (File.Exists(binary))
            {
                parts.Add(Cifar10Binary.Read(binary));
            }
            else if (File.Exists(pickle))
            {
                parts.Add(Cifar10Pickle.Read(pickle));
            }
        }

        if (parts.Count == 0)
        {
            throw new DatasetFormatException(folder, "holds no CIFAR-10 training batch (data_batch_1.bin … or data_batch_1 …).");
        }

        return ImageBatch.Concat(parts);
    }
}
