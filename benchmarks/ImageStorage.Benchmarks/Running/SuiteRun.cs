using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Environments;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ImageStorage.Benchmarks.Infrastructure;
using ImageStorage.Benchmarks.Reports;
using ImageStorage.Benchmarks.Reports.Pages;

namespace ImageStorage.Benchmarks.Running;

/// <summary>
/// One run of the suite, start to end: refuse a selection of nothing (or none), announce what will run, make the run
/// folder and its run.json before anything is measured, run BenchmarkDotNet, then record the results and draw the
/// run's charts and page, and (for runs in the default place) the index of runs and the <c>latest</c> link.
/// </summary>
public static class SuiteRun
{
    /// <summary>Runs the benchmarks <paramref name="args"/> select; returns the process exit code.</summary>
    public static int Execute(string[] args)
    {
        var started = DateTimeOffset.UtcNow;
        var git = GitState.Of(Path.GetDirectoryName(ArtifactsRoot.Path)!);
        string defaultFolder = RunFolders.NewFolder(ArtifactsRoot.Runs, RunFolders.NewId(started, git));
        string[] benchmarkArgs = SuiteSettings.Extract(args, defaultFolder);
        var settings = SuiteSettings.Current;
        var config = SuiteConfig.Create(settings);

        var plan = RunPlan.Select(benchmarkArgs, config, ConsoleLogger.Default);
        if (plan is null)
        {
            return ExitCodes.BadInput;
        }

        if (plan.Selection.Count == 0 || plan.Cases == 0)
        {
            return Refuse(plan, settings);
        }

        foreach (string line in plan.Describe(settings.Smoke))
        {
            Console.WriteLine("// " + line);
        }

        // Before anything is measured: an unreadable data set or an unwritable folder ends the run in a second, not after it.
        string dataset = BenchmarkData.Describe(settings);
        string folder = settings.ArtifactsPath;
        bool inRuns = folder == defaultFolder;
        Directory.CreateDirectory(folder);
        Environment.SetEnvironmentVariable(DataCache.Variable, DataCache.Root);
        Environment.SetEnvironmentVariable(ScratchSpace.TrashVariable, ScratchSpace.Trash);
        Console.WriteLine($"// ImageStorage suite: {dataset}; counts {string.Join(", ", settings.Counts)}{(settings.Smoke ? "; smoke run (each benchmark once)" : string.Empty)}; run folder {folder}");
        Console.WriteLine($"// data-set cache: {DataCache.Root} ({Units.Bytes(DataCache.Size())} now; --clear-cache deletes it)");
        if (AppContext.BaseDirectory.StartsWith(Path.GetTempPath(), StringComparison.Ordinal))
        {
            Console.WriteLine("// note: this clone is in the temp folder, so BenchmarkDotNet will warn that the assembly 'is located in temp'; that warning is about xUnit shadow copies and does not apply here.");
        }

        var record = new RunRecord
        {
            Id = Path.GetFileName(folder),
            Started = started,
            Commit = git.Commit,
            Branch = git.Branch,
            Dirty = git.Dirty,
            Machine = Machine(),
            Job = Job(config),
            Smoke = settings.Smoke,
            Dataset = dataset,
            Counts = settings.Counts,
            Selection = plan.Selection,
            Arguments = args,
            Cases = plan.Cases,
        };
        record.Save(folder);
        if (inRuns)
        {
            RunsIndexPage.Write(ArtifactsRoot.Path, RunFolders.All(ArtifactsRoot.Runs));
        }

        Summary[] summaries;
        try
        {
            summaries = BenchmarkRunner.Run([.. plan.Runs]);
        }
        finally
        {
            ScratchSpace.EmptyTrash();
        }

        // Whatever did not produce a result failed: a build that broke, a setup that threw, a read that differed.
        int failed = plan.Cases - summaries.Where(s => !s.HasCriticalValidationErrors).Sum(s => s.Reports.Count(r => r.Success && r.ResultStatistics is not null));
        record = record with { Finished = DateTimeOffset.UtcNow, Failed = failed, Results = SummaryRows.From(summaries, settings.SideFilesPath) };
        record.Save(folder);
        string page = RunPage.Write(folder, record);
        if (inRuns)
        {
            RunFolders.PointLatestAt(ArtifactsRoot.Runs, folder);
            RunsIndexPage.Write(ArtifactsRoot.Path, RunFolders.All(ArtifactsRoot.Runs));
        }

        Console.WriteLine($"// Run folder: {folder}; open {page}");
        if (failed > 0)
        {
            Console.Error.WriteLine($"// {failed} of {plan.Cases} benchmark cases failed (see the log above): exit code {ExitCodes.BenchmarkFailed}.");
            return ExitCodes.BenchmarkFailed;
        }

        return ExitCodes.Success;
    }

    // Nothing selected, or a selection that matches nothing: say what exists (and what all of it would cost), run nothing.
    private static int Refuse(RunPlan plan, SuiteSettings settings)
    {
        if (plan.Selection.Count == 0)
        {
            // Without a selection BenchmarkDotNet's filters pass every case: the plan is what --filter '*' would run.
            foreach (string line in plan.Describe(settings.Smoke))
            {
                Console.Error.WriteLine("// " + line);
            }

            Console.Error.WriteLine("error: no --filter given; the suite runs only what is selected. Add --filter '*' to run all of the above, or a narrower glob.");
            return ExitCodes.BadInput;
        }

        Console.Error.WriteLine($"error: no benchmark matches the selection {string.Join(" ", plan.Selection)}. The benchmarks are:");
        foreach (string name in plan.Names)
        {
            Console.Error.WriteLine("  " + name);
        }

        return ExitCodes.BadInput;
    }

    private static MachineRecord Machine()
    {
        var host = HostEnvironmentInfo.GetCurrent();
        var lines = host.ToFormattedString().ToList();
        // BenchmarkDotNet's first line is "BenchmarkDotNet v0.15.8, <operating system> (<hypervisor>)", its second the processor.
        string os = lines.Count > 0 && lines[0].IndexOf(", ", StringComparison.Ordinal) is int at and >= 0 ? lines[0][(at + 2)..] : System.Runtime.InteropServices.RuntimeInformation.OSDescription;
        return new MachineRecord(
            lines.Count > 1 ? lines[1] : "unknown processor",
            Environment.ProcessorCount,
            GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
            os,
            host.RuntimeVersion,
            host.BenchmarkDotNetVersion);
    }

    // The job BenchmarkDotNet is given, read from the config itself, so a new switch that changes the job shows here too.
    private static JobRecord Job(IConfig config)
    {
        var job = config.GetJobs().First();
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in new BenchmarkDotNet.Characteristics.CharacteristicObject[] { job.Run, job.Accuracy })
        {
            foreach (var characteristic in part.GetCharacteristicsWithValues().Where(c => c.Id != nameof(BenchmarkDotNet.Jobs.Job.Id)))
            {
                settings[characteristic.Id] = Convert.ToString(part.ResolveValue(characteristic, (object)string.Empty), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
            }
        }

        return new JobRecord(job.Id, settings);
    }
}
