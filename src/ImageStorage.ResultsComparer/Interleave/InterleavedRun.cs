using System.Diagnostics;
using System.Globalization;

namespace ImageStorage.ResultsComparer.Interleave;

/// <summary>
/// Runs an interleaved comparison: checks both revisions out into temporary git worktrees, builds each once, then runs
/// the selected benchmarks in rounds, base/diff then diff/base and so on, one process launch per benchmark case and
/// side each round, keeping every round's full JSON reports in round-NN/base and round-NN/diff.
/// </summary>
internal static class InterleavedRun
{
    private static readonly string[] SideNames = ["base", "diff"];

    // What BenchmarkDotNet 0.15 logs when its generated child project fails to build.
    private const string ChildBuildFailed = "has failed to build the auto-generated boilerplate code";

    /// <summary>Runs <paramref name="request"/>, writing progress lines to <paramref name="progress"/>; returns the rounds folder.</summary>
    public static string Execute(InterleaveRequest request, TextWriter progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(progress);
        var clock = Stopwatch.StartNew();
        string started = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var repository = GitRepository.Find(Path.GetFullPath(request.RepositoryFolder), cancellation);
        string baseCommit = repository.Resolve(request.BaseRevision, "--base");
        string diffCommit = request.DiffRevision is { } revision ? repository.Resolve(revision, "--diff") : repository.SnapshotWorkingTree();
        string diffLabel = request.DiffRevision ?? "working tree";
        progress.WriteLine($"interleave: base {request.BaseRevision} ({Short(baseCommit)}), diff {diffLabel} ({Short(diffCommit)}), {request.Rounds} rounds of: {string.Join(' ', request.SuiteArguments)}");

        // Only our own subfolders are replaced: the output folder may hold other things.
        foreach (string folder in new[] { request.RoundsFolder, request.LogFolder })
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            Directory.CreateDirectory(folder);
        }

        // Worktrees and the suite's own artifacts (its image cache, charts) live in a temporary folder, removed at the end.
        string scratch = Directory.CreateTempSubdirectory("imagestorage-interleave-").FullName;
        var builds = new List<SuiteBuild>();
        var rounds = new List<RoundRecord>();
        try
        {
            foreach (var (kind, rev, commit) in new[] { (BuildKind.Base, request.BaseRevision, baseCommit), (BuildKind.Diff, diffLabel, diffCommit) })
            {
                string side = RoundSchedule.Name(kind);
                progress.WriteLine($"interleave: building {side} ({rev}) ...");
                var build = SuiteBuild.Create(repository, kind, rev, commit, Path.Combine(scratch, side), request.LogFolder, cancellation);
                builds.Add(build);
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"interleave: built {side} in {build.BuildSeconds:0.0} s"));
            }

            for (int round = 1; round <= request.Rounds; round++)
            {
                var seconds = new Dictionary<BuildKind, double>();
                foreach (var kind in RoundSchedule.Order(round))
                {
                    seconds[kind] = RunSide(request, builds.Single(b => b.Kind == kind), round, scratch, cancellation);
                }

                var order = RoundSchedule.Order(round);
                rounds.Add(new RoundRecord { Number = round, First = RoundSchedule.Name(order[0]), BaseSeconds = seconds[BuildKind.Base], DiffSeconds = seconds[BuildKind.Diff] });
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"interleave: round {round}/{request.Rounds} ({RoundSchedule.Name(order[0])} first): base {seconds[BuildKind.Base]:0.0} s, diff {seconds[BuildKind.Diff]:0.0} s; {clock.Elapsed.TotalMinutes:0.0} min so far"));
                WriteManifest(request, builds, rounds, started, clock.Elapsed.TotalSeconds);
            }
        }
        finally
        {
            foreach (var build in builds)
            {
                repository.RemoveWorktree(build.Worktree);
            }

            // A worktree whose build failed is not in the list; remove whatever is left under the scratch folder too.
            foreach (string side in SideNames.Select(s => Path.Combine(scratch, s)).Where(Directory.Exists))
            {
                repository.RemoveWorktree(side);
            }

            Directory.Delete(scratch, recursive: true);
        }

        WriteManifest(request, builds, rounds, started, clock.Elapsed.TotalSeconds);
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"interleave: {request.Rounds} rounds in {clock.Elapsed.TotalMinutes:0.0} min; reports in {request.RoundsFolder}"));
        return request.RoundsFolder;
    }

    private static double RunSide(InterleaveRequest request, SuiteBuild build, int round, string scratch, CancellationToken cancellation)
    {
        string side = RoundSchedule.Name(build.Kind);
        string artifacts = Path.Combine(scratch, "artifacts-" + side);

        // The side's artifacts folder is kept between rounds (the suite may cache its data set there); last round's
        // reports go first, so that a run that writes none cannot pass them off as its own. Wherever the suite's
        // layout puts them under --artifacts, they are found.
        foreach (string stale in FullReports(artifacts))
        {
            File.Delete(stale);
        }

        // --keepFiles keeps BenchmarkDotNet's generated child project between rounds, so it is rebuilt incrementally
        // (measured: about 10 s instead of 25-40 s); its default 2-minute build timeout was measured too short on a
        // busy machine, and a build that times out on one side only would read as a regression. The working directory
        // is the worktree, where BenchmarkDotNet finds the project.
        string log = Path.Combine(request.LogFolder, $"{RoundFolderName(round)}-{side}.log");
        // Each side's stores go to a folder of its own, so that no other suite run on this machine shares (and empties) them.
        var environment = new Dictionary<string, string> { ["IMAGESTORAGE_BENCH_WORK"] = Path.Combine(scratch, "stores-" + side) };
        var run = ProcessRunner.Run("dotnet", [build.HostAssembly, .. request.SuiteArguments, "--artifacts", artifacts, "--keepFiles", "--buildTimeout", "1200"], build.Worktree, log, cancellation, environment);
        var reports = FullReports(artifacts);

        // Exit code 1 means some benchmark failed: its report says which, and the comparison counts it.
        if (run.ExitCode is not (0 or 1) || reports.Length == 0)
        {
            throw new InterleaveException($"round {round}, {side}: the suite exited with {run.ExitCode} and wrote {reports.Length} full JSON reports; see '{log}'.");
        }

        // A child project that did not build leaves a report of one failed benchmark and none of the others: that is
        // the machine, not the change, and on one side only it would read as a regression.
        if (File.ReadLines(log).Any(line => line.Contains(ChildBuildFailed, StringComparison.Ordinal)))
        {
            throw new InterleaveException($"round {round}, {side}: BenchmarkDotNet could not build its generated project (a timeout or a broken toolchain, not a benchmark failure); see '{log}'.");
        }

        string target = Path.Combine(request.RoundsFolder, RoundFolderName(round), side);
        Directory.CreateDirectory(target);
        foreach (string report in reports)
        {
            File.Copy(report, Path.Combine(target, Path.GetFileName(report)));
        }

        return run.Seconds;
    }

    private static string[] FullReports(string folder) =>
        Directory.Exists(folder) ? Directory.GetFiles(folder, Reports.ReportDiscovery.Pattern, SearchOption.AllDirectories) : [];

    private static void WriteManifest(InterleaveRequest request, List<SuiteBuild> builds, List<RoundRecord> rounds, string started, double seconds)
    {
        BuildSide? Side(BuildKind kind) => builds.FirstOrDefault(b => b.Kind == kind) is { } b
            ? new BuildSide { Revision = b.Revision, Commit = b.Commit, BuildSeconds = b.BuildSeconds }
            : null;
        RunManifestJson.Write(request.RoundsFolder, new RunManifest
        {
            Format = RunManifest.FormatName,
            Base = Side(BuildKind.Base),
            Diff = Side(BuildKind.Diff),
            SuiteArguments = request.SuiteArguments,
            Started = started,
            TotalSeconds = seconds,
            Rounds = [.. rounds],
        });
    }

    private static string RoundFolderName(int round) => Reports.RoundDiscovery.FolderName(round);

    private static string Short(string commit) => commit.Length > 10 ? commit[..10] : commit;
}
