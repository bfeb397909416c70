using System.CommandLine;
using System.Diagnostics;
using ImageStorage.Cli.Output;
using ImageStorage.Cli.Sources;

namespace ImageStorage.Cli.Commands;

/// <summary>imagestore convert: an image folder, a CIFAR-10 folder or a store into a new store of any kind, streamed in bounded memory.</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("source") { Description = "An image folder (one sub-folder of JPEG/PNG files per class), a CIFAR-10 folder, or a store of any kind." };
        var destination = new Argument<string>("destination") { Description = "Where the new store appears when the conversion is complete (nothing is there before)." };
        var to = new Option<StoreKind>("--to") { Description = $"The kind of store to write: {string.Join(", ", Enum.GetNames<StoreKind>())}.", Required = true };
        var size = new Option<string?>("--size") { Description = "Resize every image to WIDTHxHEIGHT pixels (Mitchell cubic filter); without it all images must be the same size.", HelpName = "WxH" };
        var gray = new Option<bool>("--gray") { Description = "Store one grayscale channel (BT.601 luma) instead of RGB." };
        var split = new Option<string>("--split") { Description = "For CIFAR-10 folders: the training batches or the test batch.", DefaultValueFactory = _ => "train" };
        split.AcceptOnlyFromAmong("train", "test");
        var encoding = new Option<RecordEncoding>("--encoding") { Description = "Raw pixels, or PNG files inside the records (for kinds that hold them).", DefaultValueFactory = _ => RecordEncoding.Raw };
        var skipBad = new Option<bool>("--skip-bad") { Description = "Skip images that do not decode, with a warning naming each (default: stop, naming the file)." };
        var chunk = new Option<int>("--batch-size") { Description = "Images decoded and written at a time; memory use is bounded by it.", DefaultValueFactory = _ => 1024 };
        chunk.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--batch-size must be at least 1.");
            }
        });
        var overwrite = CommandOptions.Overwrite();
        var command = new Command("convert", "Convert an image folder, a CIFAR-10 folder or a store into a store of any kind.")
        {
            source, destination, to, size, gray, split, encoding, skipBad, chunk, overwrite,
        };
        command.SetAction((parse, cancellation) => CommandOptions.Interruptible(
            () => Run(
                parse.GetRequiredValue(source),
                parse.GetRequiredValue(destination),
                parse.GetRequiredValue(to),
                new SourceOptions(CommandOptions.ParseSize(parse.GetValue(size)), parse.GetValue(gray), parse.GetRequiredValue(split), parse.GetValue(skipBad)),
                new StoreOptions { Overwrite = parse.GetValue(overwrite), Encoding = parse.GetValue(encoding) },
                parse.GetValue(chunk),
                cancellation),
            cancellation));
        return command;
    }

    private static int Run(string sourcePath, string destination, StoreKind kind, SourceOptions sourceOptions, StoreOptions options, int chunkSize, CancellationToken cancellation)
    {
        if ((File.Exists(destination) || Directory.Exists(destination)) && !options.Overwrite)
        {
            throw new CliException($"{destination}: already exists; pass --overwrite to replace it (only a store of the same kind is ever replaced).");
        }

        using var source = ImageSources.Open(sourcePath, sourceOptions);
        Console.Error.WriteLine($"imagestore: {source.Description} -> {kind} store {destination}");
        var clock = Stopwatch.StartNew();
        int written = ProgressDisplay.Run("converting", source.Count, report =>
        {
            // Disposing the writer without committing leaves the destination as it was: an interrupted run publishes nothing.
            using var writer = ImageStores.Create(kind, destination, source.Shape, options with { ClassNames = source.ClassNames });
            foreach (var batch in source.Chunks(chunkSize, cancellation))
            {
                writer.AddMany(batch);
                report(batch.Count);
                cancellation.ThrowIfCancellationRequested();
            }

            writer.Commit();
            return writer.Count;
        });
        if (source is ImageFolderSource folder)
        {
            folder.Skipped.ForEach(s => Console.Error.WriteLine($"imagestore: warning: skipped {s}"));
        }

        Console.WriteLine($"wrote {written:N0} images of {source.Shape} to {destination} ({kind}) in {clock.Elapsed.TotalSeconds:0.0} s, {written / Math.Max(clock.Elapsed.TotalSeconds, 1e-9):N0} images/s");
        return ExitCodes.Success;
    }
}
