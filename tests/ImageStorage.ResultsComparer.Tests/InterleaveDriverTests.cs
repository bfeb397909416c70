using ImageStorage.ResultsComparer.Interleave;

namespace ImageStorage.ResultsComparer.Tests;

public sealed class InterleaveDriverTests
{
    [Fact]
    public void Rounds_alternate_which_side_runs_first()
    {
        var orders = Enumerable.Range(1, 4).Select(RoundSchedule.Order).Select(o => string.Join('/', o.Select(RoundSchedule.Name)));

        Assert.Equal(["base/diff", "diff/base", "base/diff", "diff/base"], orders);
    }

    [Fact]
    public void The_suite_runs_one_launch_per_case_with_the_selection_and_data_asked_for()
    {
        var request = new InterleaveRequest("main", null, ["*ReadMany*", "*ReadSingle*"], "10,100", null, 6, "out", ".");

        Assert.Equal(["--launches", "1", "--filter", "*ReadMany*", "*ReadSingle*", "--counts", "10,100"], request.SuiteArguments);
    }

    [Fact]
    public void Git_resolves_revisions_snapshots_the_working_tree_and_adds_and_removes_worktrees()
    {
        string root = Directory.CreateTempSubdirectory("comparer-git-").FullName;
        try
        {
            string repo = Path.Combine(root, "repo");
            Directory.CreateDirectory(repo);
            Git(repo, "init", "-q");
            File.WriteAllText(Path.Combine(repo, "file.txt"), "one\n");
            Git(repo, "add", "file.txt");
            Git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "one");

            var git = GitRepository.Find(repo, CancellationToken.None);
            string head = git.Resolve("HEAD", "--base");
            Assert.Equal(40, head.Length);
            Assert.Equal(head, git.SnapshotWorkingTree());

            File.WriteAllText(Path.Combine(repo, "file.txt"), "two\n");
            string snapshot = git.SnapshotWorkingTree();
            Assert.NotEqual(head, snapshot);

            string worktree = Path.Combine(root, "snapshot");
            git.AddWorktree(worktree, snapshot);
            Assert.Equal("two\n", File.ReadAllText(Path.Combine(worktree, "file.txt")));
            Assert.Equal("two\n", File.ReadAllText(Path.Combine(repo, "file.txt")));

            git.RemoveWorktree(worktree);
            Assert.False(Directory.Exists(worktree));
            Assert.DoesNotContain(worktree, Git(repo, "worktree", "list"), StringComparison.Ordinal);

            var unknown = Assert.Throws<InterleaveException>(() => git.Resolve("no-such-branch", "--base"));
            Assert.Contains("--base: 'no-such-branch' is not a commit", unknown.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void A_folder_outside_any_repository_is_named_in_the_error()
    {
        string folder = Directory.CreateTempSubdirectory("comparer-nogit-").FullName;
        try
        {
            var error = Assert.Throws<InterleaveException>(() => GitRepository.Find(folder, CancellationToken.None));

            Assert.Contains($"'{folder}' is not inside a git repository", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Git(string folder, params string[] arguments)
    {
        var result = ProcessRunner.Run("git", ["-C", folder, .. arguments], folder, logPath: null, CancellationToken.None);
        Assert.True(result.ExitCode == 0, result.StandardError);
        return result.StandardOutput;
    }
}
