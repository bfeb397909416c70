namespace ImageStorage.Cli.Sources;

/// <summary>How to read an image folder or a CIFAR-10 folder.</summary>
/// <param name="Size">Resize to this width and height, if given.</param>
/// <param name="Gray">One grayscale channel instead of RGB.</param>
/// <param name="Split">CIFAR-10: "train" or "test".</param>
/// <param name="SkipBad">Skip images that do not decode instead of stopping.</param>
internal sealed record SourceOptions((int Width, int Height)? Size, bool Gray, string Split, bool SkipBad);

/// <summary>Tells what a source path is — a store, a CIFAR-10 folder, an image folder — and opens it as such.</summary>
internal static class ImageSources
{
    public static IImageSource Open(string path, SourceOptions options)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new CliException($"{path}: no such file or folder.");
        }

        if (ImageStores.Detect(path) is not null)
        {
            if (options.Size is not null || options.Gray)
            {
                throw new CliException($"{path}: is a store; --size and --gray apply to image folders only.");
            }

            return new StoreSource(ImageStores.Open(path));
        }

        if (Cifar10Source.IsCifar10Folder(path))
        {
            // CIFAR-10's batches are 32×32 RGB as stored; silently ignoring the switches would write another shape than asked.
            if (options.Size is not null || options.Gray)
            {
                throw new CliException($"{path}: is a CIFAR-10 folder (32x32 RGB); --size and --gray apply to image folders only.");
            }

            return Cifar10Source.Open(path, options.Split);
        }

        if (ImageFolderSource.IsImageFolder(path))
        {
            return ImageFolderSource.Open(path, options.Size, options.Gray, options.SkipBad);
        }

        throw new CliException(Directory.Exists(path)
            ? $"{path}: is neither a store, a CIFAR-10 folder, nor an image folder (one sub-folder of JPEG/PNG files per class)."
            : $"{path}: is a file that is no store; convert takes a folder or a store.");
    }
}
