using System.CommandLine;
using System.Globalization;

namespace ImageStorage.Cli.Commands;

/// <summary>Arguments and options more than one command takes, and their parsing.</summary>
internal static class CommandOptions
{
    /// <summary>The store a command reads.</summary>
    public static Argument<string> Store(string description) => new("store") { Description = description };

    /// <summary>--overwrite: replace what is at the destination, if it is a store of the same kind.</summary>
    public static Option<bool> Overwrite() => new("--overwrite") { Description = "Replace the destination if it is a store of the same kind (nothing else is ever replaced)." };

    /// <summary>Parses "WxH" (e.g. 32x32) into a width and height.</summary>
    public static (int Width, int Height)? ParseSize(string? text)
    {
        if (text is null)
        {
            return null;
        }

        string[] parts = text.Split('x', 'X');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int width) && width > 0
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int height) && height > 0
            ? (width, height)
            : throw new CliException($"--size takes WIDTHxHEIGHT in pixels, e.g. 32x32, not '{text}'.");
    }

    /// <summary>
    /// Runs a long command on a worker thread: Ctrl-C (SIGINT) or SIGTERM cancels <paramref name="cancellation"/>, the
    /// command stops at its next chunk without committing, and the tool says so and exits with 130.
    /// </summary>
    public static Task<int> Interruptible(Func<int> body, CancellationToken cancellation) => Task.Run(
        () =>
        {
            try
            {
                return body();
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                Console.Error.WriteLine("imagestore: interrupted; nothing was published at the destination.");
                return ExitCodes.Interrupted;
            }
        },
        CancellationToken.None);

    /// <summary>Opens the store at <paramref name="path"/>, or says in one line what is there instead.</summary>
    public static IImageStore OpenStore(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new CliException($"{path}: no such file or folder.");
        }

        return ImageStores.Open(path);
    }
}
