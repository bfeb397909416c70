using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using ImageStorage.ResultsComparer.Comparison;
using Perfolizer.Metrology;

namespace ImageStorage.ResultsComparer.Cli;

/// <summary>The command line: options, their validation, the help text with the exit codes, and the hand-over to the comparison.</summary>
internal static class ComparerCommand
{
    /// <summary>The noise floor used when <c>--noise</c> is not given.</summary>
    public const string DefaultNoise = "0.3ns";

    /// <summary>The significance level used when <c>--alpha</c> is not given.</summary>
    public const double DefaultAlpha = 0.001;

    private const string Description = """
        Compares two sets of BenchmarkDotNet full JSON reports (*-report-full.json, found recursively) and lists
        the benchmarks that got slower or faster, allocate more or less, failed, or exist on one side only.

        Exit codes:
          0  no regression, or regressions without --fail-on-regression
          1  regressions (slower, more allocated, or failing only in --diff) and --fail-on-regression
          2  bad input: a bad option, a missing path, no reports, or a malformed report (named in the message)
        """;

    /// <summary>Builds the root command; <paramref name="run"/> receives the parsed options and returns the exit code.</summary>
    public static RootCommand Create(Func<ComparerOptions, int> run)
    {
        var baseOption = new Option<string>("--base")
        {
            Description = "Baseline: a folder searched recursively for *-report-full.json, or one report file.",
            HelpName = "dir|file",
            Required = true,
        };
        var diffOption = new Option<string>("--diff")
        {
            Description = "Results to check against the baseline: a folder or one report file.",
            HelpName = "dir|file",
            Required = true,
        };
        var thresholdOption = new Option<Threshold>("--threshold")
        {
            Description = "Smallest time difference that matters: a percentage (5%) or a time (10ms).",
            HelpName = "5%|10ms",
            Required = true,
            CustomParser = ParseThreshold,
        };
        var noiseOption = new Option<string>("--noise")
        {
            Description = "Absolute difference per operation below which results are the same; 0ns disables it.",
            HelpName = "time",
            DefaultValueFactory = _ => DefaultNoise,
        };
        noiseOption.Validators.Add(result =>
        {
            if (!ThresholdParser.TryParseNoise(result.GetValueOrDefault<string>(), out _, out string? problem))
            {
                result.AddError(problem);
            }
        });
        var alphaOption = new Option<double>("--alpha")
        {
            Description = "Significance level of the one-sided Mann-Whitney tests.",
            HelpName = "p",
            DefaultValueFactory = _ => DefaultAlpha,
        };
        alphaOption.Validators.Add(result =>
        {
            double alpha = result.GetValueOrDefault<double>();
            if (!(alpha > 0 && alpha < 0.5))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"--alpha must be between 0 and 0.5, not {alpha}."));
            }
        });
        var allocationOption = new Option<long>("--alloc-threshold")
        {
            Description = "Allocated bytes per operation a benchmark may gain or lose before it counts.",
            HelpName = "bytes",
            DefaultValueFactory = _ => 0,
        };
        allocationOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long>() < 0)
            {
                result.AddError("--alloc-threshold must not be negative.");
            }
        });
        var markdownOption = new Option<string?>("--md")
        {
            Description = "Also write the markdown report to this file.",
            HelpName = "file",
        };
        var failOption = new Option<bool>("--fail-on-regression")
        {
            Description = "Exit with 1 when a regression is found.",
        };
        var topOption = new Option<int?>("--top")
        {
            Description = "Show at most N rows per regression or improvement table (lists are never cut).",
            HelpName = "N",
        };
        topOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
            {
                result.AddError("--top must be at least 1.");
            }
        });

        var command = new RootCommand(Description)
        {
            baseOption, diffOption, thresholdOption, noiseOption, alphaOption, allocationOption, markdownOption, failOption, topOption,
        };

        command.SetAction(parseResult =>
        {
            var settings = new ComparisonSettings(
                parseResult.GetRequiredValue(thresholdOption),
                ThresholdParser.ParseNoise(parseResult.GetRequiredValue(noiseOption)),
                parseResult.GetValue(alphaOption),
                parseResult.GetValue(allocationOption));
            return run(new ComparerOptions(
                parseResult.GetRequiredValue(baseOption),
                parseResult.GetRequiredValue(diffOption),
                settings,
                parseResult.GetValue(markdownOption),
                parseResult.GetValue(failOption),
                parseResult.GetValue(topOption)));
        });
        return command;
    }

    private static Threshold? ParseThreshold(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (ThresholdParser.TryParseThreshold(text, out var threshold, out string? problem))
        {
            return threshold;
        }

        result.AddError(problem);
        return null;
    }
}
