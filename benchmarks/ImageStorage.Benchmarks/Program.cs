using BenchmarkDotNet.Running;
using ImageStorage.Benchmarks.Infrastructure;
using ImageStorage.Benchmarks.Reports;
using ImageStorage.Benchmarks.Reports.Charts;
using ImageStorage.Benchmarks.Reports.Pages;
using ImageStorage.Benchmarks.Running;

namespace ImageStorage.Benchmarks;

/// <summary>The suite's entry point: its own commands, then a run (see <see cref="SuiteRun"/>); every failure is one line and an exit code.</summary>
public static class Program
{
    /// <summary>Runs the suite; returns 0, 1 if a benchmark failed, 2 if the input (switches, data set, artifacts folder) was unusable.</summary>
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        try
        {
            return Run(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine("error: " + OneLine(e.Message));
            Console.Error.WriteLine("(run with no arguments for the usage)");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is ImageStoreException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // The library's messages, and .NET's for files, name the file; that line is all a user needs.
            Console.Error.WriteLine("error: " + OneLine(e.Message));
            return ExitCodes.BadInput;
        }
    }

    private static int Run(string[] args)
    {
        switch (args)
        {
            case []:
                // BenchmarkDotNet would ask on the console which benchmark to run; a CI job must never wait for input.
                PrintUsage();
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(["--list", "flat"], SuiteConfig.Create(SuiteSettings.Current));
                return ExitCodes.Success;
            case ["--list-charts"]:
                foreach (string name in ChartPlan.Names)
                {
                    Console.WriteLine(name);
                }

                return ExitCodes.Success;
            case ["--clear-cache"]:
                Console.WriteLine($"// deleted the data-set cache {DataCache.Root} ({Units.Bytes(DataCache.Clear())})");
                return ExitCodes.Success;
            case ["--fleet", .. var fleet]:
                return Fleet.FleetRun.Execute(fleet);
            case ["--fleet-rank", .. var rank]:
                return Fleet.FleetRank.Run(rank);
            case ["--redraw", string folder]:
                Console.WriteLine($"// redrew {RunPage.Write(folder, RunRecord.Load(folder))}");
                return ExitCodes.Success;
        }

        if (args.Any(a => a is "--list" or "--help" or "-h" or "--version" or "--info"))
        {
            string[] rest = SuiteSettings.Extract(args, ArtifactsRoot.Runs);
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest, SuiteConfig.Create(SuiteSettings.Current));
            return ExitCodes.Success;
        }

        return SuiteRun.Execute(args);
    }

    private static string OneLine(string message) => string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static void PrintUsage() => Console.WriteLine("""
        ImageStorage benchmark suite: the article's experiments on every store kind, against the Raw baseline.

        usage: dotnet run -c Release [--project benchmarks/ImageStorage.Benchmarks] -- --filter <glob> [switches]

        Nothing runs without --filter ('*' runs everything; the suite prints what a selection holds and its estimated time).
        suite switches:
          --smoke                    every selected benchmark once with tiny counts (seconds; for CI)
          --dataset synthetic        the seeded synthetic CIFAR-like images (default)
          --dataset cifar10:<folder> real CIFAR-10 training batches (data_batch_1.bin… or data_batch_1…)
          --counts 10,100,1000       image counts for the many-image experiments (default 10,100,1000,10000,100000)
          --question-count N         the count of the questions and epochs (default: the largest count, at most 10,000)
          --launches N               each benchmark in N process launches of 1 warmup + 5 iterations (the CI comparer's job)
        BenchmarkDotNet switches, e.g.:
          --filter '*Read*'          run the benchmarks whose names match
          --list flat                list the benchmarks
          --artifacts <folder>       write the run there (default: a new folder artifacts/runs/<UTC time>-<commit>)
        commands:
          --list-charts              the names of the charts the suite draws
          --redraw <run folder>      draw a run's charts and page again from its run.json
          --clear-cache              delete the shared data-set cache (artifacts/cache)
          --fleet [--count N] [--rtt 0,1,10] [--ranks 1,2,4,8] [--layouts objects,shards]
                                     S3 stores in a Ceph RGW of its own, read by ranks in network namespaces through a
                                     proxy that adds the round trip (root; see the README's "more than one machine")

        exit codes: 0 all ran and read back what they stored; 1 a benchmark failed; 2 unusable input (nothing measured).

        Benchmarks:
        """);
}
