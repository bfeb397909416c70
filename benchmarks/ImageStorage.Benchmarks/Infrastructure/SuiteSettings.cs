using System.Globalization;

namespace ImageStorage.Benchmarks.Infrastructure;

/// <summary>
/// The suite's own switches (<c>--smoke</c>, <c>--dataset</c>, <c>--counts</c>, <c>--question-count</c>, <c>--launches</c>). The host strips them from
/// the command line and hands the ones benchmarks read to BenchmarkDotNet's child processes through environment
/// variables, which children inherit.
/// </summary>
public sealed record SuiteSettings(bool Smoke, string Dataset, IReadOnlyList<int> Counts, string ArtifactsPath)
{
    /// <summary>
    /// With <c>--launches N</c>: run each benchmark case in N process launches of the short CI job (see SuiteConfig),
    /// for comparers that take the launch as their unit of evidence; null for the suite's usual job. Only the host reads it.
    /// </summary>
    public int? Launches { get; init; }

    /// <summary>
    /// The image count of the questions beyond the article and of the training epochs (<c>--question-count N</c>): by
    /// default the run's largest count capped at 10,000, so that a full run stays within half an hour.
    /// </summary>
    public int QuestionCount { get; init; } = Math.Min(QuestionCountCap, Counts.Max());

    /// <summary>The default questions' count at most: an operation stays under a second even for PNG.</summary>
    public const int QuestionCountCap = 10_000;

    private const string SmokeVariable = "IMAGESTORAGE_BENCH_SMOKE";
    private const string DatasetVariable = "IMAGESTORAGE_BENCH_DATASET";
    private const string CountsVariable = "IMAGESTORAGE_BENCH_COUNTS";
    private const string QuestionCountVariable = "IMAGESTORAGE_BENCH_QUESTION_COUNT";
    private const string ArtifactsVariable = "IMAGESTORAGE_BENCH_ARTIFACTS";

    /// <summary>The article's counts.</summary>
    public static readonly IReadOnlyList<int> DefaultCounts = [10, 100, 1_000, 10_000, 100_000];

    /// <summary>The counts of a smoke run: every benchmark once, in seconds.</summary>
    public static readonly IReadOnlyList<int> SmokeCounts = [10, 100];

    private static SuiteSettings? _current;

    /// <summary>The settings of this process: parsed by the host, inherited by child processes.</summary>
    public static SuiteSettings Current => _current ??= FromEnvironment();

    /// <summary>Removes the suite's own switches from <paramref name="args"/>, publishes them to child processes, and returns the rest for BenchmarkDotNet.</summary>
    public static string[] Extract(string[] args, string defaultArtifacts)
    {
        bool smoke = false;
        string dataset = "synthetic";
        IReadOnlyList<int>? counts = null;
        int? questionCount = null;
        int? launches = null;
        string artifacts = defaultArtifacts;
        var rest = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--smoke":
                    smoke = true;
                    break;
                case "--dataset":
                    dataset = Value(args, ref i);
                    break;
                case "--counts":
                    counts = ParseCounts(Value(args, ref i));
                    break;
                case "--question-count":
                    questionCount = ParseCounts(Value(args, ref i)) is [int one] ? one : throw new ArgumentException("--question-count takes one count.");
                    break;
                case "--launches":
                    launches = ParseLaunches(Value(args, ref i));
                    break;
                case "--artifacts":
                    // BenchmarkDotNet's own switch: kept for it, and our side files follow it.
                    artifacts = Path.GetFullPath(Value(args, ref i));
                    rest.Add("--artifacts");
                    rest.Add(artifacts);
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        if (dataset != "synthetic" && !dataset.StartsWith("cifar10:", StringComparison.Ordinal))
        {
            throw new ArgumentException($"--dataset must be 'synthetic' or 'cifar10:<folder>', not '{dataset}'.");
        }

        if (smoke && launches is not null)
        {
            throw new ArgumentException("--smoke and --launches are two different jobs; give one of them.");
        }

        var settings = new SuiteSettings(smoke, dataset, counts ?? (smoke ? SmokeCounts : DefaultCounts), artifacts) { Launches = launches };
        settings = questionCount is { } question ? settings with { QuestionCount = question } : settings;
        Environment.SetEnvironmentVariable(SmokeVariable, smoke ? "1" : "0");
        Environment.SetEnvironmentVariable(DatasetVariable, dataset);
        Environment.SetEnvironmentVariable(CountsVariable, string.Join(',', settings.Counts));
        Environment.SetEnvironmentVariable(QuestionCountVariable, settings.QuestionCount.ToString(CultureInfo.InvariantCulture));
        Environment.SetEnvironmentVariable(ArtifactsVariable, artifacts);
        _current = settings;
        return [.. rest];
    }

    /// <summary>The folder for the suite's side files (disk usage), below the artifacts folder.</summary>
    public string SideFilesPath => Path.Combine(ArtifactsPath, "side");

    private static SuiteSettings FromEnvironment()
    {
        bool smoke = Environment.GetEnvironmentVariable(SmokeVariable) == "1";
        string? counts = Environment.GetEnvironmentVariable(CountsVariable);
        string? question = Environment.GetEnvironmentVariable(QuestionCountVariable);
        var settings = new SuiteSettings(
            smoke,
            Environment.GetEnvironmentVariable(DatasetVariable) ?? "synthetic",
            string.IsNullOrEmpty(counts) ? (smoke ? SmokeCounts : DefaultCounts) : ParseCounts(counts),
            Environment.GetEnvironmentVariable(ArtifactsVariable) ?? Path.GetFullPath("artifacts"));
        return string.IsNullOrEmpty(question) ? settings : settings with { QuestionCount = ParseCounts(question)[0] };
    }

    private static List<int> ParseCounts(string text)
    {
        var counts = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1)
            {
                throw new ArgumentException($"--counts takes positive whole numbers separated by commas; '{part}' is not one.");
            }

            counts.Add(count);
        }

        return counts.Count > 0 ? counts : throw new ArgumentException("--counts needs at least one count.");
    }

    private static int ParseLaunches(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int launches) && launches is >= 1 and <= 100
            ? launches
            : throw new ArgumentException($"--launches takes a whole number from 1 to 100; '{text}' is not one.");

    private static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{args[i]} needs a value.");
        }

        return args[++i];
    }
}
