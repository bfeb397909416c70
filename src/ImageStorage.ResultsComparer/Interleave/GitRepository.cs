namespace ImageStorage.ResultsComparer.Interleave;

/// <summary>The git operations the interleaved run needs: resolve revisions, snapshot the working tree, add and remove worktrees.</summary>
internal sealed class GitRepository
{
    private readonly CancellationToken _cancellation;

    private GitRepository(string root, CancellationToken cancellation)
    {
        Root = root;
        _cancellation = cancellation;
    }

    /// <summary>The repository's top-level folder.</summary>
    public string Root { get; }

    /// <summary>The repository containing <paramref name="folder"/>.</summary>
    public static GitRepository Find(string folder, CancellationToken cancellation)
    {
        var result = Git(folder, ["rev-parse", "--show-toplevel"], cancellation, out string output);
        return result.ExitCode == 0
            ? new GitRepository(output.Trim(), cancellation)
            : throw new InterleaveException($"'{folder}' is not inside a git repository (git rev-parse --show-toplevel: {output.Trim()}).");
    }

    /// <summary>The full commit id of <paramref name="revision"/>.</summary>
    public string Resolve(string revision, string option)
    {
        var result = Git(Root, ["rev-parse", "--verify", "--quiet", revision + "^{commit}"], _cancellation, out string output);
        return result.ExitCode == 0 && output.Trim().Length > 0
            ? output.Trim()
            : throw new InterleaveException($"{option}: '{revision}' is not a commit in '{Root}' (a shallow CI clone may need a git fetch of it first).");
    }

    /// <summary>A commit holding HEAD plus the uncommitted changes to tracked files (git stash create; HEAD itself when there are none).</summary>
    public string SnapshotWorkingTree()
    {
        var result = Git(Root, ["stash", "create", "interleave: the working tree"], _cancellation, out string output);
        if (result.ExitCode != 0)
        {
            throw new InterleaveException($"git stash create failed in '{Root}': {output.Trim()}");
        }

        return output.Trim().Length > 0 ? output.Trim() : Resolve("HEAD", "--diff");
    }

    /// <summary>Checks <paramref name="commit"/> out, detached, into the new folder <paramref name="path"/>.</summary>
    public void AddWorktree(string path, string commit)
    {
        var result = Git(Root, ["worktree", "add", "--detach", path, commit], _cancellation, out string output);
        if (result.ExitCode != 0)
        {
            throw new InterleaveException($"git worktree add '{path}' {commit} failed: {output.Trim()}");
        }
    }

    /// <summary>Removes the worktree at <paramref name="path"/> and forgets it; never throws, since it runs on the way out.</summary>
    public void RemoveWorktree(string path)
    {
        Git(Root, ["worktree", "remove", "--force", path], CancellationToken.None, out _);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        Git(Root, ["worktree", "prune"], CancellationToken.None, out _);
    }

    // Output is standard output on success and standard error (git's messages) on failure.
    private static ProcessResult Git(string folder, IReadOnlyList<string> arguments, CancellationToken cancellation, out string output)
    {
        var result = ProcessRunner.Run("git", ["-C", folder, .. arguments], folder, logPath: null, cancellation);
        output = result.ExitCode == 0 ? result.StandardOutput : result.StandardError;
        return result;
    }
}
