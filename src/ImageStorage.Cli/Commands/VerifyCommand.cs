using System.CommandLine;
using ImageStorage.Cli.Output;

namespace ImageStorage.Cli.Commands;

/// <summary>imagestore verify: reads every image and checks it against its stored checksum; exit 1 naming each bad image.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var store = CommandOptions.Store("A store of any kind (detected).");
        var command = new Command("verify", "Read every image and check it against the checksum stored with it; exit 1 naming each damaged image.") { store };
        command.SetAction((parse, cancellation) => CommandOptions.Interruptible(() => Run(parse.GetRequiredValue(store), cancellation), cancellation));
        return command;
    }

    private static int Run(string path, CancellationToken cancellation)
    {
        using var store = CommandOptions.OpenStore(path);
        var report = ProgressDisplay.Run("verifying", store.Count, report =>
        {
            int reported = 0;
            return store.Verify(new Progress(done => { report(done - reported); reported = done; }), cancellation);
        });
        foreach (var bad in report.BadImages)
        {
            Console.WriteLine($"{path}: image {bad.Id}: {bad.Problem}");
        }

        if (!report.HasChecksums)
        {
            Console.WriteLine($"{path}: no checksums: the store was written before checksums existed, so only that every image reads and decodes was checked.");
        }

        Console.WriteLine(report.IsValid
            ? $"{path}: {report.Count:N0} images, all good{(report.HasChecksums ? ", every checksum matches" : string.Empty)}."
            : $"{path}: {report.BadImages.Count:N0} of {report.Count:N0} images are damaged.");
        return report.IsValid ? ExitCodes.Success : ExitCodes.BadImages;
    }

    /// <summary>Progress reported synchronously, on the verifying thread (System.Progress would post it elsewhere).</summary>
    private sealed class Progress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
