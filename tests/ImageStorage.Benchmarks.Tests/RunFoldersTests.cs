using ImageStorage.Benchmarks.Reports;
using ImageStorage.Benchmarks.Reports.Pages;
using ImageStorage.Benchmarks.Running;

namespace ImageStorage.Benchmarks.Tests;

/// <summary>Two runs in a row leave two run folders, a latest link to the second, and an index of runs that lists both.</summary>
public sealed class RunFoldersTests
{
    [Fact]
    public void Two_runs_leave_two_folders_a_latest_link_and_an_index_of_both()
    {
        using var artifacts = new TempDirectory();
        string runs = Path.Combine(artifacts.Path, "runs");
        var git = new GitState("0123456789abcdef", "main", false);
        var first = DateTimeOffset.Parse("2025-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture);

        string one = Start(runs, first, git);
        string two = Start(runs, first, git); // the same second: a suffix keeps the runs apart
        string three = Start(runs, first.AddMinutes(5), git);

        Assert.Equal("20250102-030405-0123456", Path.GetFileName(one));
        Assert.Equal("20250102-030405-0123456-2", Path.GetFileName(two));
        Assert.Equal([three, two, one], RunFolders.All(runs).Select(r => r.Folder));
        Assert.Equal(Path.GetFileName(three), new DirectoryInfo(Path.Combine(runs, RunFolders.LatestName)).LinkTarget);
        Assert.True(File.Exists(Path.Combine(runs, RunFolders.LatestName, RunRecord.FileName)));

        string index = File.ReadAllText(RunsIndexPage.Write(artifacts.Path, RunFolders.All(runs)));
        foreach (string folder in new[] { one, two, three })
        {
            Assert.Contains($"href=\"runs/{Path.GetFileName(folder)}/index.html\"", index, StringComparison.Ordinal);
        }

        Assert.True(index.IndexOf(Path.GetFileName(three), StringComparison.Ordinal) < index.IndexOf(Path.GetFileName(one) + "/", StringComparison.Ordinal), "newest first");
    }

    private static string Start(string runs, DateTimeOffset started, GitState git)
    {
        string folder = RunFolders.NewFolder(runs, RunFolders.NewId(started, git));
        Directory.CreateDirectory(folder);
        new RunRecord
        {
            Id = Path.GetFileName(folder),
            Started = started,
            Finished = started.AddSeconds(30),
            Commit = git.Commit,
            Machine = new MachineRecord("cpu", 2, 1 << 30, "os", ".NET", "0.15.8"),
            Job = new JobRecord("Smoke", new Dictionary<string, string>()),
            Smoke = true,
            Dataset = "synthetic",
            Counts = [10],
            Selection = ["*"],
            Arguments = [],
            Cases = 0,
            Failed = 0,
        }.Save(folder);
        RunFolders.PointLatestAt(runs, folder);
        return folder;
    }
}
