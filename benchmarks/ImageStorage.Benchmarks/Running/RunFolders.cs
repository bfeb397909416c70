using System.Globalization;
using ImageStorage.Benchmarks.Reports;

namespace ImageStorage.Benchmarks.Running;

/// <summary>
/// One folder per run under <c>artifacts/runs/</c>, named by its UTC start time and short commit, each holding its
/// own reports, charts, <c>run.json</c> and <c>index.html</c>; <c>artifacts/runs/latest</c> links the newest.
/// </summary>
public static class RunFolders
{
    /// <summary>The name of the link to the newest run.</summary>
    public const string LatestName = "latest";

    /// <summary>The id of a run that started at <paramref name="started"/> on <paramref name="git"/>'s commit.</summary>
    public static string NewId(DateTimeOffset started, GitState git)
    {
        ArgumentNullException.ThrowIfNull(git);
        return string.Create(CultureInfo.InvariantCulture, $"{started.UtcDateTime:yyyyMMdd-HHmmss}-{git.ShortCommit}");
    }

    /// <summary>The folder for run <paramref name="id"/> under <paramref name="runs"/> (not created; with a suffix if two runs start in the same second).</summary>
    public static string NewFolder(string runs, string id)
    {
        for (int attempt = 1; ; attempt++)
        {
            string folder = Path.Combine(runs, attempt == 1 ? id : string.Create(CultureInfo.InvariantCulture, $"{id}-{attempt}"));
            if (!Path.Exists(folder))
            {
                return folder;
            }
        }
    }

    /// <summary>Points <c>latest</c> in <paramref name="runs"/> at <paramref name="folder"/> (a relative symbolic link, so a moved artifacts folder keeps it).</summary>
    public static void PointLatestAt(string runs, string folder)
    {
        string link = Path.Combine(runs, LatestName);
        if (new DirectoryInfo(link).LinkTarget is not null)
        {
            // Deleting a link to a directory removes the link, never what it points to.
            Directory.Delete(link);
        }

        Directory.CreateSymbolicLink(link, Path.GetFileName(folder));
    }

    /// <summary>Every run folder under <paramref name="runs"/> that has a readable run.json, newest first.</summary>
    public static IReadOnlyList<(string Folder, RunRecord Record)> All(string runs)
    {
        if (!Directory.Exists(runs))
        {
            return [];
        }

        var found = new List<(string, RunRecord)>();
        foreach (var dir in new DirectoryInfo(runs).EnumerateDirectories().Where(d => d.LinkTarget is null && !d.Name.StartsWith('.')))
        {
            if (File.Exists(Path.Combine(dir.FullName, RunRecord.FileName)))
            {
                try
                {
                    found.Add((dir.FullName, RunRecord.Load(dir.FullName)));
                }
                catch (InvalidDataException)
                {
                    // A run.json someone broke by hand: the index leaves that run out rather than fail every later run.
                }
            }
        }

        return [.. found.OrderByDescending(r => r.Item2.Started)];
    }
}
