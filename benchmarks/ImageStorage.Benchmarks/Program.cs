using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ImageStorage.Benchmarks.Infrastructure;
using ImageStorage.Benchmarks.Reports;

namespace ImageStorage.Benchmarks;

/// <summary>Strips the suite's own switches, runs BenchmarkDotNet, then draws the charts and the index page.</summary>
public static class Program
{
    /// <summary>Runs the suite; returns non-zero if a benchmark failed or a check of what it read did not hold.</summary>
    public static int Main(string[] args)
    {
        string[] benchmarkArgs;
        try
        {
            benchmarkArgs = SuiteSettings.Extract(args, DefaultArtifactsPath());
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            PrintUsage();
            return 2;
        }

        var switcher = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly);
        if (args.Length == 0)
        {
            // BenchmarkDotNet would ask on the console which benchmark to run; a CI job must never wait for input.
            PrintUsage();
            switcher.Run(["--list", "flat"], SuiteConfig.Create(SuiteSettings.Current));
            return 0;
        }

        if (!benchmarkArgs.Any(a => a is "--filter" or "-f" or "--list" or "--help" or "-h" or "--version" or "--info" or "--allCategories" or "--anyCategories"))
        {
            // Only suite switches (e.g. --smoke): run everything rather than ask on the console which benchmark to run.
            benchmarkArgs = [.. benchmarkArgs, "--filter", "*"];
        }

        var settings = SuiteSettings.Current;
        string description = $"{BenchmarkData.Describe(settings)}{(settings.Smoke ? "; smoke run (each benchmark once)" : string.Empty)}";
        Console.WriteLine($"// ImageStorage suite: {description}");
        Summary[] summaries;
        try
        {
            summaries = switcher.Run(benchmarkArgs, SuiteConfig.Create(settings)).ToArray();
        }
        finally
        {
            ScratchSpace.EmptyTrash();
        }

        if (summaries.Length == 0)
        {
            return 0; // --list, --help and the like
        }

        var rows = SummaryRows.From(summaries, settings.SideFilesPath);
        var charts = ChartWriter.Write(rows, Path.Combine(settings.ArtifactsPath, "charts"));
        var reports = summaries.Select(s => s.ResultsDirectoryPath).Distinct()
            .SelectMany(d => Directory.Exists(d) ? Directory.GetFiles(d, "*-report*") : [])
            .Order(StringComparer.Ordinal).ToArray();
        string index = IndexPage.Write(settings.ArtifactsPath, rows, charts, reports, description);
        Console.WriteLine($"// Reports: {Path.Combine(settings.ArtifactsPath, "results")}; charts: {charts.Count}; open {index}");

        bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success) || s.BenchmarksCases.Length != s.Reports.Length);
        if (failed)
        {
            Console.Error.WriteLine("// Some benchmarks failed (see the log above): exit code 1.");
        }

        return failed ? 1 : 0;
    }

    private static void PrintUsage() => Console.WriteLine("""
        ImageStorage benchmark suite: the article's experiments on PNG files, LMDB, HDF5 and the Raw baseline.

        usage: dotnet run -c Release [--project benchmarks/ImageStorage.Benchmarks] -- [suite switches] [BenchmarkDotNet switches]

        suite switches:
          --smoke                    every benchmark once with tiny counts (seconds; for CI)
          --dataset synthetic        the seeded synthetic CIFAR-like images (default)
          --dataset cifar10:<folder> real CIFAR-10 training batches (data_batch_1.bin… or data_batch_1…)
          --counts 10,100,1000       image counts for the many-image experiments (default 10,100,1000,10000,100000)
          --launches N               each benchmark in N process launches of 1 warmup + 5 iterations (the CI comparer's job)
        BenchmarkDotNet switches, e.g.:
          --filter '*Read*'          run the benchmarks whose names match
          --list flat                list the benchmarks
          --artifacts <folder>       where reports and charts go (default: the repository's artifacts/)

        Benchmarks:
        """);

    private static string DefaultArtifactsPath()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ImageStorage.Benchmarks.sln")))
            {
                return Path.Combine(dir.FullName, "artifacts");
            }
        }

        return Path.GetFullPath("artifacts");
    }
}
