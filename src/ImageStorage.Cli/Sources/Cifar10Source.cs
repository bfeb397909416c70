using ImageStorage.Datasets;

namespace ImageStorage.Cli.Sources;

/// <summary>A CIFAR-10 folder, binary (<c>data_batch_1.bin</c>…) or Python (<c>data_batch_1</c>…) batches, one batch file in memory at a time.</summary>
internal sealed class Cifar10Source : IImageSource
{
    private readonly string _folder;
    private readonly string[] _files;

    private Cifar10Source(string folder, string split, string[] files, int count)
    {
        _folder = folder;
        _files = files;
        Count = count;
        Description = $"CIFAR-10 {split} batches in {folder} ({files.Length} files, {count:N0} images)";
    }

    public string Description { get; }

    public ImageShape Shape => ImageShape.Cifar10;

    public int Count { get; }

    /// <summary>CIFAR-10's ten classes, in label order (batches.meta.txt of the binary release).</summary>
    public IReadOnlyList<string>? ClassNames { get; } = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>True if <paramref name="folder"/> holds CIFAR-10 batches of either form.</summary>
    public static bool IsCifar10Folder(string folder) =>
        Directory.Exists(folder) && (BatchFiles(folder, "train").Length > 0 || BatchFiles(folder, "test").Length > 0);

    /// <summary>The batches of <paramref name="split"/> ("train": data_batch_1…5, "test": test_batch) in <paramref name="folder"/>.</summary>
    public static Cifar10Source Open(string folder, string split)
    {
        string[] files = BatchFiles(folder, split);
        if (files.Length == 0)
        {
            throw new CliException($"{folder}: no CIFAR-10 {split} batches ({(split == "test" ? "test_batch.bin or test_batch" : "data_batch_1.bin… or data_batch_1…")}).");
        }

        // Binary batches are counted from their length; Python ones must be read to be counted (and are read again later).
        int count = files.Sum(f => f.EndsWith(".bin", StringComparison.Ordinal) ? checked((int)(new FileInfo(f).Length / Cifar10Binary.RecordSize)) : Cifar10Pickle.Read(f).Count);
        return new Cifar10Source(folder, split, files, count);
    }

    public IEnumerable<ImageBatch> Chunks(int chunkSize, CancellationToken cancellationToken)
    {
        foreach (string file in _files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = file.EndsWith(".bin", StringComparison.Ordinal) ? Cifar10Binary.Read(file) : Cifar10Pickle.Read(file);
            for (int start = 0; start < batch.Count; start += chunkSize)
            {
                yield return batch.Slice(start, Math.Min(chunkSize, batch.Count - start));
            }
        }
    }

    public void Dispose()
    {
    }

    private static string[] BatchFiles(string folder, string split)
    {
        IEnumerable<string> stems = split == "test" ? ["test_batch"] : Enumerable.Range(1, Cifar10Folder.TrainingBatches).Select(b => $"data_batch_{b}");
        return [.. stems.Select(stem => Path.Combine(folder, stem + ".bin") is var binary && File.Exists(binary) ? binary : Path.Combine(folder, stem)).Where(File.Exists)];
    }

    /// <inheritdoc />
    public override string ToString() => _folder;
}
