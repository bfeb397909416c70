namespace ImageStorage.ResultsComparer.Interleave;

/// <summary>One side's checkout and Release build of the benchmark suite, built once and run in every round.</summary>
/// <param name="Kind">Which side it is.</param>
/// <param name="Revision">The revision as given ("working tree" for uncommitted changes).</param>
/// <param name="Commit">The commit checked out.</param>
/// <param name="Worktree">The worktree folder.</param>
/// <param name="HostAssembly">The built suite's entry assembly, run with dotnet.</param>
/// <param name="BuildSeconds">The seconds the build took.</param>
internal sealed record SuiteBuild(BuildKind Kind, string Revision, string Commit, string Worktree, string HostAssembly, double BuildSeconds)
{
    /// <summary>The suite's project, relative to the repository root.</summary>
    public const string ProjectPath = "benchmarks/ImageStorage.Benchmarks/ImageStorage.Benchmarks.csproj";

    /// <summary>Checks <paramref name="commit"/> out into <paramref name="worktree"/> and builds the suite in Release; the build log goes to <paramref name="logFolder"/>.</summary>
    public static SuiteBuild Create(GitRepository repository, BuildKind kind, string revision, string commit, string worktree, string logFolder, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(repository);
        string side = RoundSchedule.Name(kind);
        repository.AddWorktree(worktree, commit);
        string project = Path.Combine(worktree, ProjectPath);
        if (!File.Exists(project))
        {
            throw new InterleaveException($"--{side}: {revision} ({commit}) has no {ProjectPath}; it predates the benchmark suite.");
        }

        string log = Path.Combine(logFolder, $"build-{side}.log");
        var build = ProcessRunner.Run("dotnet", ["build", "-c", "Release", project], worktree, log, cancellation);
        if (build.ExitCode != 0)
        {
            throw new InterleaveException($"--{side}: {revision} ({commit}) did not build (dotnet build exited with {build.ExitCode}); see '{log}'.");
        }

        // Ask MSBuild where the entry assembly went rather than assume an output layout the revision may not have.
        var query = ProcessRunner.Run("dotnet", ["msbuild", project, "-getProperty:TargetPath", "-p:Configuration=Release"], worktree, logPath: null, cancellation);
        string host = query.StandardOutput.Trim();
        if (query.ExitCode != 0 || !File.Exists(host))
        {
            throw new InterleaveException($"--{side}: the built suite of {revision} was not found (dotnet msbuild -getProperty:TargetPath said '{host}' {query.StandardError.Trim()}).");
        }

        return new SuiteBuild(kind, revision, commit, worktree, host, build.Seconds);
    }
}
