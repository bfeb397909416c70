using BenchmarkDotNet.Analysers;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Validators;
using Perfolizer.Horology;

namespace ImageStorage.Benchmarks.Infrastructure;

/// <summary>The suite's one configuration: its job, diagnosers, columns and exporters (nothing of this lives in attributes).</summary>
public static class SuiteConfig
{
    /// <summary>The most cases one benchmark method may expand into (4 methods × 6 counts × 2 more parameters fit).</summary>
    public const int MaxCasesPerMethod = 48;

    /// <summary>Builds the configuration for <paramref name="settings"/>.</summary>
    public static IConfig Create(SuiteSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);

        // Smoke: every benchmark once, to prove it runs and checks what it read. Otherwise one warmup and a fixed eight
        // iterations: enough for Median/Min/Max/StdDev and for the CI comparer's rank test, and with read iterations
        // sized to 120 ms (BenchmarkDotNet's advised 100 ms and a margin) a full run of 361 cases fits in half an hour,
        // where ten of 200 ms took 40 minutes.
        var job = settings.Smoke
            ? Job.Dry.WithId("Smoke")
            : settings.Launches is { } launches ? LaunchesJob(launches)
            : Job.Default.WithId("Suite").WithWarmupCount(1).WithIterationCount(8).WithIterationTime(TimeInterval.FromMilliseconds(120));

        return ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Job, DefaultColumnProviders.Statistics, DefaultColumnProviders.Params, DefaultColumnProviders.Metrics)
            .AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max)
            .AddColumn(new BenchmarkNameColumn(), new RatioToRawColumn(), new DiskUsageColumn(settings.SideFilesPath), new ImagesPerSecondColumn(), new CachedAfterEvictionColumn(settings.SideFilesPath))
            .AddExporter(MarkdownExporter.GitHub, HtmlExporter.Default, CsvExporter.Default, JsonExporter.Full)
            .AddLogger(ConsoleLogger.Default)
            // No execution validators: they would run every GlobalSetup (100,000-image stores) in the host process first.
            .AddValidator(JitOptimizationsValidator.FailOnError, new CaseCountValidator(MaxCasesPerMethod))
            .AddFilter(new ValidCasesFilter())
            // A smoke run times one invocation of everything on purpose; BenchmarkDotNet's advice to make iterations
            // last 100 ms says nothing there (full runs keep it: the README says which benchmarks get it, and why).
            .AddAnalyser(DefaultConfig.Instance.GetAnalysers().Where(a => !(settings.Smoke && a.Id == MinIterationTimeAnalyser.Default.Id)).ToArray())
            .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(20))
            .WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared, BenchmarkDotNet.Order.MethodOrderPolicy.Declared))
            .WithArtifactsPath(settings.ArtifactsPath)
            // BenchmarkDotNet's 2-minute default to build the benchmark process is too short on a busy 2-core machine.
            .WithBuildTimeout(TimeSpan.FromMinutes(10))
            .WithOptions(ConfigOptions.DisableLogFile);
    }

    // --launches N, for the CI comparer, whose unit of evidence is the launch (iterations of one launch share its memory
    // layout and JIT decisions, so they are not independent samples): N launches of one warmup and five 100 ms
    // iterations each. Overhead evaluation is off (it would cost ~20 more iterations per launch of the microsecond
    // benchmarks to subtract ~1 ns they share on both sides of a comparison).
    private static Job LaunchesJob(int launches) =>
        Job.Default.WithId("Launches").WithLaunchCount(launches).WithWarmupCount(1).WithIterationCount(5)
            .WithIterationTime(TimeInterval.FromMilliseconds(100)).WithEvaluateOverhead(false);
}
