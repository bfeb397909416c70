using System.Diagnostics;
using ImageStorage.Datasets;

namespace ImageStorage.Tests.Reliability.Campaign;

/// <summary>
/// Part b: one writer process (the stress tests' stress-append or stress-replace) and two reader processes
/// (stress-read, which checks every byte it reads and stops at the first wrong one) on one store for a few seconds.
/// </summary>
public static class ConcurrentCampaign
{
    /// <summary>Runs one writer and two readers on a new store of <paramref name="kind"/> and prints the table row.</summary>
    public static int Run(StoreKind kind, string mode, string seconds)
    {
        using var dir = new TempDirectory();
        string path = TestImages.StorePath(dir, kind);
        bool append = mode == "append";
        if (append)
        {
            // A small first map, as in the stress tests, so LMDB's map grows under the readers.
            ImageStores.Write(kind, path, SyntheticImages.Generate(20, StressChild.Shape, StressChild.AppendSeed), new StoreOptions { LmdbInitialMapSize = 64 * 1024 });
        }
        else
        {
            ImageStores.Write(kind, path, StressChild.Generation(0));
        }

        using var writer = append ? ChildProcess.Start("stress-append", path, seconds) : ChildProcess.Start("stress-replace", kind.ToString(), path, seconds);
        using var first = ChildProcess.Start("stress-read", mode, path, seconds);
        using var second = ChildProcess.Start("stress-read", mode, path, seconds);
        // Drain every child's output from the start: a crashing reader's stack trace can outgrow the pipe.
        var outputs = new[] { writer, first, second }.Select(c => (c, c.StandardOutput.ReadToEndAsync(), c.StandardError.ReadToEndAsync())).ToArray();
        var (commits, writerProblem) = Finish(outputs[0]);
        var readers = new[] { Finish(outputs[1]), Finish(outputs[2]) };
        int rounds = 0, reopened = 0, mismatches = 0, refusals = 0, crashes = writerProblem is null ? 0 : 1;
        var problems = new List<string>();
        if (writerProblem is not null)
        {
            problems.Add("writer: " + writerProblem);
        }

        foreach (var (line, problem) in readers)
        {
            if (problem is null)
            {
                // "reads N replaced M"
                string[] words = line.Split(' ');
                rounds += int.Parse(words[1], System.Globalization.CultureInfo.InvariantCulture);
                reopened += int.Parse(words[3], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (problem.Contains("InvalidOperationException", StringComparison.Ordinal) && problem.Contains(path, StringComparison.Ordinal))
            {
                // stress-read's own check: it read bytes that were never written (or a store that changed under it).
                mismatches++;
                problems.Add("reader mismatch: " + problem);
            }
            else if (problem.Contains("Unhandled exception. ImageStorage.", StringComparison.Ordinal))
            {
                // The library's own error on a store that was whole at every moment: a false alarm that stops the reader.
                refusals++;
                problems.Add("reader stopped by a library error on a healthy store: " + problem);
            }
            else
            {
                crashes++;
                problems.Add("reader crashed: " + problem);
            }
        }

        string writes = commits.Split(' ').ElementAtOrDefault(1) ?? "?";
        Console.WriteLine($"| {kind} | {mode} | {seconds} | {writes} | {rounds} | {reopened} | {mismatches} | {refusals} | {crashes} |");
        foreach (string problem in problems)
        {
            Console.Error.WriteLine($"concurrent {kind} {mode}: {problem}");
        }

        return 0;
    }

    // Waits for a child; returns its last output line, or why it did not finish cleanly (exit code, first lines of stderr).
    private static (string Line, string? Problem) Finish((Process Child, Task<string> Output, Task<string> Error) started)
    {
        var (child, output, error) = started;
        if (!child.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            child.Kill();
            return ("", "did not finish within 3 minutes");
        }

        string last = output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        if (child.ExitCode == 0)
        {
            return (last, null);
        }

        string stderr = string.Join(" ", error.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(3));
        return (last, $"exit code {child.ExitCode}: {stderr}");
    }
}
