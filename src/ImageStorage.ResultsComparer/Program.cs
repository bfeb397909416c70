using System.CommandLine;
using System.CommandLine.Invocation;
using ImageStorage.ResultsComparer.Cli;

namespace ImageStorage.ResultsComparer;

/// <summary>The entry point: parses the command line, runs the comparison (or a subcommand) and returns its exit code.</summary>
internal static class Program
{
    /// <summary>Runs the comparer on the process's console.</summary>
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the comparer with the given writers for the report and for problems, and returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        RootCommand command = ComparerCommand.Create(output, error);
        ParseResult parseResult = command.Parse(args);

        // System.CommandLine answers parse errors with 1, which CI would read as "regression": usage errors are bad input.
        if (parseResult.Action is ParseErrorAction)
        {
            foreach (var parseError in parseResult.Errors)
            {
                error.WriteLine($"error: {parseError.Message}");
            }

            error.WriteLine("Run with --help for usage.");
            return ExitCodes.BadInput;
        }

        // No default exception handler: it would also answer 1; a crash must look like a crash.
        return parseResult.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }
}
