using System.CommandLine;
using System.CommandLine.Invocation;
using ImageStorage.Cli.Commands;

namespace ImageStorage.Cli;

/// <summary>The entry point: parses the command line, runs the command, and turns every error into one line and an exit code.</summary>
internal static class Program
{
    private const string Description = """
        imagestore: convert image folders, CIFAR-10 and stores into any ImageStorage store; inspect, verify and export them.

        Exit codes:
          0    done
          1    verify found damaged images (each named)
          2    bad input: a bad option, a missing or unreadable source, a destination that exists without --overwrite,
               an image that does not decode (without --skip-bad)
          130  interrupted (Ctrl-C): nothing was published at the destination
        """;

    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand(Description) { ConvertCommand.Create(), InfoCommand.Create(), VerifyCommand.Create(), ExportCommand.Create() };
        var parseResult = root.Parse(args);
        if (parseResult.Action is ParseErrorAction)
        {
            // System.CommandLine answers parse errors with 1, which would read as "damaged images": usage errors are bad input.
            foreach (var error in parseResult.Errors)
            {
                Console.Error.WriteLine($"imagestore: {error.Message}");
            }

            Console.Error.WriteLine("Run imagestore --help for usage.");
            return ExitCodes.BadInput;
        }

        try
        {
            // Long enough for an interrupted writer to delete what it staged before the process ends.
            return await parseResult.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromMinutes(1) });
        }
        catch (Exception e) when (e is ImageStoreException or CliException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"imagestore: {e.Message}");
            return ExitCodes.BadInput;
        }
    }
}

/// <summary>Bad input the tool itself finds (not the library): reported as one line, exit code 2.</summary>
internal sealed class CliException(string message) : Exception(message);
