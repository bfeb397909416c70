using System.CommandLine;

namespace ImageStorage.ResultsComparer.Cli;

/// <summary>The command line: the report comparison (the root command), its subcommands, and the help text with the exit codes.</summary>
internal static class ComparerCommand
{
    private const string Description = """
        Compares BenchmarkDotNet full JSON reports (*-report-full.json, found recursively) of a baseline and a change and
        lists the benchmarks that got slower or faster, allocate more or less, failed, or exist on one side only. Give the
        two sides as --base and --diff, or the rounds folder of an interleaved run as --interleaved. The interleave
        command runs such a run for two git revisions; calibrate turns a same-commit run into a noise file.

        Exit codes:
          0  no regression, or regressions without --fail-on-regression
          1  regressions (slower, more allocated, or failing only in the diff) and --fail-on-regression; or, with
             --fail-on-unknown, no benchmark got a time verdict (every one unknown)
          2  bad input: a bad option, a missing path, no reports, a malformed report or noise file, two sides without
             a benchmark in common (named in the message); for interleave also an unknown revision, a failed build
             or a round without reports
        """;

    /// <summary>Builds the root command with its subcommands; they write reports to <paramref name="output"/> and problems to <paramref name="error"/>.</summary>
    public static RootCommand Create(TextWriter output, TextWriter error)
    {
        var baseOption = new Option<string?>("--base")
        {
            Description = "Baseline: a folder searched recursively for *-report-full.json, or one report file.",
            HelpName = "dir|file",
        };
        var diffOption = new Option<string?>("--diff")
        {
            Description = "Results to check against the baseline: a folder or one report file.",
            HelpName = "dir|file",
        };
        var interleavedOption = new Option<string?>("--interleaved")
        {
            Description = "Instead of --base and --diff: the rounds folder of an interleaved run (round-01/base, round-01/diff, …), paired by round.",
            HelpName = "dir",
        };
        var set = new ComparisonOptionSet(withUnit: true);

        var command = new RootCommand(Description) { baseOption, diffOption, interleavedOption };
        set.AddTo(command);
        command.Subcommands.Add(InterleaveCommand.Create(output, error));
        command.Subcommands.Add(CalibrateCommand.Create(output, error));
        command.Validators.Add(result =>
        {
            bool sides = result.GetValue(baseOption) is not null || result.GetValue(diffOption) is not null;
            bool interleaved = result.GetValue(interleavedOption) is not null;
            if (sides == interleaved)
            {
                result.AddError("Give either --base and --diff, or --interleaved.");
            }
            else if (sides && (result.GetValue(baseOption) is null || result.GetValue(diffOption) is null))
            {
                result.AddError(result.GetValue(baseOption) is null ? "Option '--base' is required with --diff." : "Option '--diff' is required with --base.");
            }
            else if (interleaved && set.Unit is { } unit && result.GetValue(unit) == Comparison.EvidenceUnit.Iteration)
            {
                result.AddError("--unit iteration compares two single-launch reports (--base and --diff); interleaved rounds are tested by launch.");
            }
        });

        command.SetAction(parseResult => ComparisonRun.Execute(
            set.Options(parseResult, parseResult.GetValue(baseOption), parseResult.GetValue(diffOption), parseResult.GetValue(interleavedOption)),
            output,
            error));
        return command;
    }
}
