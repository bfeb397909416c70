using System.CommandLine;
using ImageStorage.Cli.Output;
using ImageStorage.Cli.Sources;

namespace ImageStorage.Cli.Commands;

/// <summary>
/// imagestore export: a store back to the article's layout — one <c>{id}.png</c> per image and <c>labels.csv</c> —
/// written as a PNG store, so the folder also carries its manifest and checksums and stays a store.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var store = CommandOptions.Store("A store of any kind (detected).");
        var folder = new Argument<string>("folder") { Description = "The folder to write ({id}.png files and labels.csv); it appears when the export is complete." };
        var overwrite = CommandOptions.Overwrite();
        var command = new Command("export", "Write a store's images as PNG files with labels.csv (the article's layout).") { store, folder, overwrite };
        command.SetAction((parse, cancellation) => CommandOptions.Interruptible(() => Run(parse.GetRequiredValue(store), parse.GetRequiredValue(folder), parse.GetValue(overwrite), cancellation), cancellation));
        return command;
    }

    private static int Run(string path, string folder, bool overwrite, CancellationToken cancellation)
    {
        if ((File.Exists(folder) || Directory.Exists(folder)) && !overwrite)
        {
            throw new CliException($"{folder}: already exists; pass --overwrite to replace it (only a PNG store is ever replaced).");
        }

        using var store = CommandOptions.OpenStore(path);
        var source = new StoreSource(store);
        int written = ProgressDisplay.Run("exporting", store.Count, report =>
        {
            using var writer = ImageStores.Create(StoreKind.Png, folder, store.Shape, new StoreOptions { Overwrite = overwrite });
            foreach (var batch in source.Chunks(4096, cancellation))
            {
                writer.AddMany(batch);
                report(batch.Count);
                cancellation.ThrowIfCancellationRequested();
            }

            writer.Commit();
            return writer.Count;
        });
        Console.WriteLine($"exported {written:N0} images to {folder} (0.png … {written - 1}.png, labels.csv)");
        return ExitCodes.Success;
    }
}
