using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using ImageStorage.ResultsComparer.Comparison;
using Perfolizer.Metrology;

namespace ImageStorage.ResultsComparer.Cli;

/// <summary>The options that say how to compare and what to write, shared by the report comparison and the interleave command.</summary>
internal sealed class ComparisonOptionSet
{
    /// <summary>The noise floor used when <c>--noise</c> is not given.</summary>
    public const string DefaultNoise = "0.3ns";

    /// <summary>The significance level of the iteration-level test when <c>--alpha</c> is not given.</summary>
    public const double DefaultIterationAlpha = 0.001;

    /// <summary>
    /// The significance level of each bound of the launch-level interval when <c>--alpha</c> is not given: 5 paired rounds
    /// reach it (2^-5 ≈ 0.031), and the threshold, not alpha, keeps same-commit runs from being flagged.
    /// </summary>
    public const double DefaultLaunchAlpha = 0.05;

    /// <summary>Creates the options; <paramref name="withUnit"/> adds <c>--unit</c>, which only the report comparison has.</summary>
    public ComparisonOptionSet(bool withUnit)
    {
        Threshold = new Option<Threshold>("--threshold")
        {
            Description = "Smallest time difference that matters: a percentage (5%) or a time (10ms).",
            HelpName = "5%|10ms",
            Required = true,
            CustomParser = ParseThreshold,
        };
        Noise = new Option<string>("--noise")
        {
            Description = "Absolute difference per operation below which results are the same; 0ns disables it.",
            HelpName = "time",
            DefaultValueFactory = _ => DefaultNoise,
        };
        Noise.Validators.Add(result =>
        {
            if (!ThresholdParser.TryParseNoise(result.GetValueOrDefault<string>(), out _, out string? problem))
            {
                result.AddError(problem);
            }
        });
        Alpha = new Option<double?>("--alpha")
        {
            Description = string.Create(CultureInfo.InvariantCulture, $"Significance level of each one-sided test (default {DefaultLaunchAlpha} for launches, {DefaultIterationAlpha} for iterations)."),
            HelpName = "p",
        };
        Alpha.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } alpha && !(alpha > 0 && alpha < 0.5))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"--alpha must be between 0 and 0.5, not {alpha}."));
            }
        });
        AllocationThreshold = new Option<long>("--alloc-threshold")
        {
            Description = "Allocated bytes per operation a benchmark may gain or lose before it counts (a noise file can raise it per benchmark).",
            HelpName = "bytes",
            DefaultValueFactory = _ => 0,
        };
        AllocationThreshold.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long>() < 0)
            {
                result.AddError("--alloc-threshold must not be negative.");
            }
        });
        NoiseFile = new Option<string?>("--noise-file")
        {
            Description = "Per-benchmark noise from the calibrate command: each threshold becomes max(--threshold, k × that benchmark's noise).",
            HelpName = "file",
        };
        NoiseMultiplier = new Option<double>("--noise-k")
        {
            Description = "k, the multiple of a benchmark's calibrated noise its threshold and allocation tolerance are raised to.",
            HelpName = "k",
            DefaultValueFactory = _ => ComparisonSettings.DefaultNoiseMultiplier,
        };
        NoiseMultiplier.Validators.Add(result =>
        {
            double k = result.GetValueOrDefault<double>();
            if (!(k >= 0 && double.IsFinite(k)))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"--noise-k must be zero or more, not {k}."));
            }
        });
        Markdown = new Option<string?>("--md")
        {
            Description = "Also write the markdown report to this file.",
            HelpName = "file",
        };
        Html = new Option<string?>("--html")
        {
            Description = "Also write an HTML report with a strip chart of the per-launch values of every flagged benchmark.",
            HelpName = "file",
        };
        FailOnRegression = new Option<bool>("--fail-on-regression")
        {
            Description = "Exit with 1 when a regression is found.",
        };
        FailOnUnknown = new Option<bool>("--fail-on-unknown")
        {
            Description = "Exit with 1 when no benchmark got a time verdict (every one unknown): a gate that decided nothing.",
        };
        Top = new Option<int?>("--top")
        {
            Description = "Show at most N rows per regression or improvement table (lists are never cut).",
            HelpName = "N",
        };
        Top.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
            {
                result.AddError("--top must be at least 1.");
            }
        });
        if (withUnit)
        {
            Unit = new Option<EvidenceUnit>("--unit")
            {
                Description = "The unit of evidence: launch (one value per process launch; the default) or iteration (the iterations of a single launch).",
                HelpName = "launch|iteration",
                DefaultValueFactory = _ => EvidenceUnit.Launch,
                CustomParser = ParseUnit,
            };
        }
    }

    /// <summary><c>--threshold</c>.</summary>
    public Option<Threshold> Threshold { get; }

    /// <summary><c>--noise</c>.</summary>
    public Option<string> Noise { get; }

    /// <summary><c>--alpha</c>; its default depends on the unit.</summary>
    public Option<double?> Alpha { get; }

    /// <summary><c>--alloc-threshold</c>.</summary>
    public Option<long> AllocationThreshold { get; }

    /// <summary><c>--noise-file</c>.</summary>
    public Option<string?> NoiseFile { get; }

    /// <summary><c>--noise-k</c>.</summary>
    public Option<double> NoiseMultiplier { get; }

    /// <summary><c>--md</c>.</summary>
    public Option<string?> Markdown { get; }

    /// <summary><c>--html</c>.</summary>
    public Option<string?> Html { get; }

    /// <summary><c>--fail-on-regression</c>.</summary>
    public Option<bool> FailOnRegression { get; }

    /// <summary><c>--fail-on-unknown</c>.</summary>
    public Option<bool> FailOnUnknown { get; }

    /// <summary><c>--top</c>.</summary>
    public Option<int?> Top { get; }

    /// <summary><c>--unit</c>, or null on commands that always test launches.</summary>
    public Option<EvidenceUnit>? Unit { get; }

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        Option[] options = [Threshold, Noise, Alpha, AllocationThreshold, NoiseFile, NoiseMultiplier, Markdown, Html, FailOnRegression, FailOnUnknown, Top];
        foreach (var option in Unit is null ? options : [Unit, .. options])
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The comparison settings the parsed options describe.</summary>
    public ComparisonSettings Settings(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var unit = Unit is null ? EvidenceUnit.Launch : parseResult.GetValue(Unit);
        double alpha = parseResult.GetValue(Alpha) ?? (unit == EvidenceUnit.Launch ? DefaultLaunchAlpha : DefaultIterationAlpha);
        return new ComparisonSettings(
            parseResult.GetRequiredValue(Threshold),
            ThresholdParser.ParseNoise(parseResult.GetRequiredValue(Noise)),
            alpha,
            parseResult.GetValue(AllocationThreshold))
        {
            Unit = unit,
            NoiseMultiplier = parseResult.GetValue(NoiseMultiplier),
        };
    }

    /// <summary>The options of a comparison of <paramref name="basePath"/> and <paramref name="diffPath"/>, or of the rounds in <paramref name="interleavedPath"/>.</summary>
    public ComparerOptions Options(ParseResult parseResult, string? basePath, string? diffPath, string? interleavedPath, string? defaultMarkdown = null, string? defaultHtml = null)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return new ComparerOptions(
            basePath,
            diffPath,
            interleavedPath,
            Settings(parseResult),
            parseResult.GetValue(NoiseFile),
            parseResult.GetValue(Markdown) ?? defaultMarkdown,
            parseResult.GetValue(Html) ?? defaultHtml,
            parseResult.GetValue(FailOnRegression),
            parseResult.GetValue(Top))
        {
            FailOnUnknown = parseResult.GetValue(FailOnUnknown),
        };
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

    private static EvidenceUnit ParseUnit(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        switch (text)
        {
            case "launch":
                return EvidenceUnit.Launch;
            case "iteration":
                return EvidenceUnit.Iteration;
            default:
                result.AddError($"--unit must be 'launch' or 'iteration', not '{text}'.");
                return EvidenceUnit.Launch;
        }
    }
}
