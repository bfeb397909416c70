namespace ImageStorage.Cli.Sources;

/// <summary>
/// A folder in the ImageFolder convention: one sub-folder per class, holding JPEG and PNG files. Classes are the
/// sub-folder names in ordinal order, labels their positions; files are taken in ordinal order of name. Only paths
/// are held: images are decoded a chunk at a time, on every core.
/// </summary>
internal sealed class ImageFolderSource : IImageSource
{
    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png"];

    private readonly (string File, int Label)[] _images;
    private readonly bool _resize;
    private readonly bool _skipBad;

    private ImageFolderSource(string folder, string[] classes, (string, int)[] images, ImageShape shape, bool resize, bool skipBad, int ignored)
    {
        ClassNames = classes;
        _images = images;
        Shape = shape;
        _resize = resize;
        _skipBad = skipBad;
        Description = $"image folder {folder} ({classes.Length} classes, {images.Length:N0} images{(ignored > 0 ? $", {ignored} other files ignored" : string.Empty)})";
    }

    public string Description { get; }

    public ImageShape Shape { get; }

    public int Count => _images.Length;

    /// <summary>The class names, label 0 first.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>Images that did not decode and were skipped (with --skip-bad), with the reason.</summary>
    public List<string> Skipped { get; } = [];

    /// <summary>True if <paramref name="folder"/> has sub-folders (the ImageFolder convention).</summary>
    public static bool IsImageFolder(string folder) => Directory.Exists(folder) && Directory.EnumerateDirectories(folder).Any();

    /// <summary>
    /// Lists the images of <paramref name="folder"/>; the shape is <paramref name="size"/> if given (images are
    /// resized to it), else the first image's size, every other image must match.
    /// </summary>
    public static ImageFolderSource Open(string folder, (int Width, int Height)? size, bool gray, bool skipBad)
    {
        string[] classes = [.. Directory.GetDirectories(folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
        var images = new List<(string, int)>();
        int ignored = 0;
        for (int label = 0; label < classes.Length; label++)
        {
            foreach (string file in Directory.GetFiles(Path.Combine(folder, classes[label])).Order(StringComparer.Ordinal))
            {
                if (Extensions.Contains(Path.GetExtension(file).ToLowerInvariant()))
                {
                    images.Add((file, label));
                }
                else
                {
                    ignored++;
                }
            }
        }

        if (images.Count == 0)
        {
            throw new CliException($"{folder}: no JPEG or PNG images in its {classes.Length} class folders.");
        }

        var (width, height) = size ?? ImageFileDecoder.Size(images[0].Item1);
        var shape = new ImageShape(height, width, gray ? 1 : 3);
        shape.Validate();
        return new ImageFolderSource(folder, classes, [.. images], shape, size is not null, skipBad, ignored);
    }

    public IEnumerable<ImageBatch> Chunks(int chunkSize, CancellationToken cancellationToken)
    {
        var buffer = ImageBatch.Allocate(Shape, Math.Min(chunkSize, Count));
        var failures = new string?[buffer.Count];
        for (int start = 0; start < Count; start += chunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = Math.Min(chunkSize, Count - start);
            Array.Clear(failures);
            Parallel.For(0, n, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                var (file, label) = _images[start + i];
                try
                {
                    ImageFileDecoder.Decode(file, Shape, _resize, buffer.Image(i));
                    buffer.Labels[i] = label;
                }
                catch (CliException e)
                {
                    failures[i] = e.Message;
                }
            });
            yield return Keep(buffer.Slice(0, n), failures);
        }
    }

    public void Dispose()
    {
    }

    // The chunk without the images that failed: an error for the first one, or (with --skip-bad) compacted, in order.
    private ImageBatch Keep(ImageBatch chunk, string?[] failures)
    {
        int kept = 0;
        for (int i = 0; i < chunk.Count; i++)
        {
            if (failures[i] is { } failure)
            {
                if (!_skipBad)
                {
                    throw new CliException(failure + " (pass --skip-bad to skip such images)");
                }

                Skipped.Add(failure);
                continue;
            }

            if (kept != i)
            {
                chunk.Image(i).CopyTo(chunk.Image(kept));
                chunk.Labels[kept] = chunk.Labels[i];
            }

            kept++;
        }

        return chunk.Slice(0, kept);
    }
}
