using System.Diagnostics;

namespace ImageStorage.Benchmarks.Running;

/// <summary>The commit, branch and dirty flag of the clone the suite runs in, read with git (all null where git or a clone is missing).</summary>
/// <param name="Commit">The full commit id.</param>
/// <param name="Branch">The branch name, or null when detached.</param>
/// <param name="Dirty">True if tracked files differ from the commit.</param>
public sealed record GitState(string? Commit, string? Branch, bool? Dirty)
{
    /// <summary>The first seven characters of the commit, or "nogit".</summary>
    public string ShortCommit => Commit is { Length: >= 7 } c ? c[..7] : "nogit";

    /// <summary>Reads the state of the clone at <paramref name="directory"/>.</summary>
    public static GitState Of(string directory)
    {
        string? commit = Git(directory, "rev-parse", "HEAD");
        if (commit is null)
        {
            return new GitState(null, null, null);
        }

        string? branch = Git(directory, "rev-parse", "--abbrev-ref", "HEAD");
        string? status = Git(directory, "status", "--porcelain", "--untracked-files=no");
        return new GitState(commit, branch is null or "HEAD" ? null : branch, status is null ? null : status.Length > 0);
    }

    private static string? Git(string directory, params string[] arguments)
    {
        try
        {
            var info = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add("-C");
            info.ArgumentList.Add(directory);
            foreach (string argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            using var git = Process.Start(info);
            if (git is null)
            {
                return null;
            }

            string output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No git on this machine: the run records no commit.
            return null;
        }
    }
}
