using System.CommandLine;
using System.Globalization;
using ImageStorage.ResultsComparer.Comparison;
using ImageStorage.ResultsComparer.Interleave;

namespace ImageStorage.ResultsComparer.Cli;

/// <summary>The interleave subcommand: build two revisions, run the selected benchmarks on both in alternating rounds, compare the rounds paired.</summary>
internal static class InterleaveCommand
{
    /// <summary>The number of rounds when <c>--rounds</c> is not given: the fewest that reach the default alpha with one round to spare.</summary>
    public const int DefaultRounds = 6;

    /// <summary>The output folder when <c>--out</c> is not given.</summary>
    public const string DefaultOutput = "artifacts/interleave";

    /// <summary>Builds the subcommand; the report goes to <paramref name="output"/>, progress and problems to <paramref name="error"/>.</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var baseOption = new Option<string>("--base")
        {
            Description = "The baseline git revision (a branch, tag or commit), e.g. main or origin/main.",
            HelpName = "revision",
            Required = true,
        };
        var diffOption = new Option<string?>("--diff")
        {
            Description = "The git revision under test (default: the working tree, i.e. HEAD plus uncommitted changes to tracked files).",
            HelpName = "revision",
        };
        var filterOption = new Option<string[]>("--filter")
        {
            Description = "The benchmarks to run: the suite's --filter globs, e.g. '*ReadMany*' '*ReadSingle*'.",
            HelpName = "glob",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var countsOption = new Option<string?>("--counts")
        {
            Description = "The suite's --counts for the many-image benchmarks, e.g. 10,1000 (default: the suite's).",
            HelpName = "list",
        };
        var datasetOption = new Option<string?>("--dataset")
        {
            Description = "The suite's --dataset (default: the suite's synthetic images).",
            HelpName = "name",
        };
        var roundsOption = new Option<int>("--rounds")
        {
            Description = "Rounds to run: each runs every selected benchmark once on each build, base/diff then diff/base, …",
            HelpName = "N",
            DefaultValueFactory = _ => DefaultRounds,
        };
        roundsOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--rounds must be at least 1.");
            }
        });
        var outOption = new Option<string>("--out")
        {
            Description = "Where the rounds (rounds/round-NN/base|diff), logs and reports (comparison.md, comparison.html) go.",
            HelpName = "dir",
            DefaultValueFactory = _ => DefaultOutput,
        };
        var set = new ComparisonOptionSet(withUnit: false);
        var command = new Command("interleave", "Builds two git revisions in temporary worktrees, runs the selected benchmarks on both in interleaved rounds (one process launch per benchmark case, side and round), and compares the rounds paired.")
        {
            baseOption, diffOption, filterOption, countsOption, datasetOption, roundsOption, outOption,
        };
        set.AddTo(command);
        command.SetAction((parseResult, cancellation) =>
        {
            string outFolder = parseResult.GetRequiredValue(outOption);
            var request = new InterleaveRequest(
                parseResult.GetRequiredValue(baseOption),
                parseResult.GetValue(diffOption),
                parseResult.GetRequiredValue(filterOption),
                parseResult.GetValue(countsOption),
                parseResult.GetValue(datasetOption),
                parseResult.GetValue(roundsOption),
                outFolder,
                Environment.CurrentDirectory);
            var options = set.Options(parseResult, null, null, request.RoundsFolder, Path.Combine(outFolder, "comparison.md"), Path.Combine(outFolder, "comparison.html"));
            return Task.FromResult(Run(request, options, output, error, cancellation));
        });
        return command;
    }

    private static int Run(InterleaveRequest request, ComparerOptions options, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        int needed = LaunchComparer.MinimumRounds(options.Settings.Alpha);
        if (request.Rounds < needed)
        {
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"interleave: warning: {request.Rounds} rounds cannot reach alpha {(double)options.Settings.Alpha}; every time verdict will be unknown (at least {needed} rounds are needed)."));
        }

        try
        {
            InterleavedRun.Execute(request, error, cancellation);
        }
        catch (InterleaveException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("error: interrupted; the worktrees were removed.");
            return ExitCodes.BadInput;
        }

        return ComparisonRun.Execute(options, output, error);
    }
}
