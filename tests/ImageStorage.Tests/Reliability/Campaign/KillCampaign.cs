namespace ImageStorage.Tests.Reliability.Campaign;

/// <summary>
/// Part a: a writer process (the crash-safety tests' append-forever, or the stress tests' stress-replace) killed with
/// SIGKILL at a random moment leaves a committed state, every image byte-exact, and the next writer succeeds.
/// </summary>
public static class KillCampaign
{
    // The store before the appending child starts, and the 64 images append-forever adds per commit.
    private static readonly ImageBatch Original = TestImages.Batch(25, ImageShape.Cifar10);
    private static readonly ImageBatch Appended = TestImages.Batch(64, ImageShape.Cifar10, seed: 99);

    /// <summary>Runs <paramref name="runs"/> kills of one kind and writer, prints its table row, and each bad run on stderr.</summary>
    public static int Run(StoreKind kind, string mode, int runs, int seed)
    {
        var random = new Random(seed + ((int)kind * 1009) + (mode == "append" ? 0 : 500_009));
        var tally = new Tally();
        var bad = new List<string>();
        for (int run = 0; run < runs; run++)
        {
            // From before the child has started up to well into its commits.
            int delay = random.Next(100, 3000);
            string? problem;
            try
            {
                problem = OneRun(kind, mode, delay, tally);
            }
            catch (Exception e)
            {
                problem = $"{e.GetType().Name}: {e.Message}";
            }

            if (problem is not null)
            {
                bad.Add($"run {run} (killed after {delay} ms): {problem}");
            }
        }

        Console.WriteLine($"| {kind} | {mode} | {runs} | {tally.Previous} | {tally.Newer} | {tally.MidWrite} | {bad.Count} | {tally.Leftovers} |");
        foreach (string line in bad)
        {
            Console.Error.WriteLine($"kill {kind} {mode}: {line}");
        }

        foreach (string names in tally.LeftoverNames)
        {
            Console.Error.WriteLine($"kill {kind} {mode}: left after the next writer: {names}");
        }

        return 0;
    }

    // One kill and its checks; returns what went wrong, or null.
    private static string? OneRun(StoreKind kind, string mode, int delay, Tally tally)
    {
        using var dir = new TempDirectory();
        string path = TestImages.StorePath(dir, kind);
        bool append = mode == "append";
        ImageStores.Write(kind, path, append ? Original : StressChild.Generation(0));

        int acknowledged = 0;
        using (var child = append ? ChildProcess.Start("append-forever", kind.ToString(), path) : ChildProcess.Start("stress-replace", kind.ToString(), path, "600"))
        {
            child.OutputDataReceived += (_, e) =>
            {
                if (e.Data is { } line && line.StartsWith("committed ", StringComparison.Ordinal))
                {
                    Volatile.Write(ref acknowledged, int.Parse(line["committed ".Length..], System.Globalization.CultureInfo.InvariantCulture));
                }
            };
            child.ErrorDataReceived += (_, _) => { };
            child.BeginOutputReadLine();
            child.BeginErrorReadLine();
            Thread.Sleep(delay);
            if (child.HasExited)
            {
                return $"the writer exited by itself with code {child.ExitCode} before the kill";
            }

            // Process.Kill is SIGKILL on Linux: no finalizers, no cleanup.
            child.Kill();
            child.WaitForExit();
        }

        if (Directory.GetFileSystemEntries(dir.Path, "*imagestore-tmp*", SearchOption.AllDirectories).Length > 0)
        {
            tally.MidWrite++;
        }

        ImageBatch before;
        using (var store = ImageStores.Open(path, new StoreOptions { VerifyChecksums = true }))
        {
            before = store.ReadAll();
        }

        string? wrong = append ? CheckAppended(before, Volatile.Read(ref acknowledged), tally) : CheckReplaced(before, tally);
        if (wrong is not null)
        {
            return "after the kill: " + wrong;
        }

        // The next writer: an append of five images on whatever the kill left.
        using (var writer = ImageStores.Append(path))
        {
            writer.AddMany(Original.Slice(0, 5));
            writer.Commit();
        }

        using (var store = ImageStores.Open(path, new StoreOptions { VerifyChecksums = true }))
        {
            var after = store.ReadAll();
            string? next = Difference.Between(i => i < before.Count ? Difference.At(before, i) : Difference.At(Original, i - before.Count), before.Count + 5, after);
            if (next is not null)
            {
                return "after the next writer: " + next;
            }
        }

        string[] left = Leftovers(dir.Path, path, kind, before.Count + 5);
        if (left.Length > 0)
        {
            tally.Leftovers++;
            tally.LeftoverNames.Add($"{string.Join(", ", left.Take(3).Select(f => Path.GetRelativePath(dir.Path, f)))}{(left.Length > 3 ? $" and {left.Length - 3} more" : "")}");
        }

        return null;
    }

    private static string? CheckAppended(ImageBatch read, int acknowledged, Tally tally)
    {
        if (read.Count < Original.Count || (read.Count - Original.Count) % Appended.Count != 0)
        {
            return $"{read.Count} images: not {Original.Count} plus whole commits of {Appended.Count}";
        }

        if (read.Count < acknowledged)
        {
            return $"{read.Count} images, but the writer had reported a commit of {acknowledged}";
        }

        if (read.Count == Original.Count)
        {
            tally.Previous++;
        }
        else
        {
            tally.Newer++;
        }

        return Difference.Between(i => i < Original.Count ? Difference.At(Original, i) : Difference.At(Appended, (i - Original.Count) % Appended.Count), read.Count, read);
    }

    private static string? CheckReplaced(ImageBatch read, Tally tally)
    {
        if (read.Count == 0)
        {
            return "an empty store";
        }

        int generation = read.Labels[0];
        if (generation == 0)
        {
            tally.Previous++;
        }
        else
        {
            tally.Newer++;
        }

        var expected = StressChild.Generation(generation);
        return Difference.Between(i => Difference.At(expected, i), expected.Count, read);
    }

    // Temp files anywhere, or (PNG) image files at or past the committed count, after the next writer committed.
    private static string[] Leftovers(string dir, string path, StoreKind kind, int count)
    {
        var temp = Directory.GetFileSystemEntries(dir, "*imagestore-tmp*", SearchOption.AllDirectories);
        var orphans = kind == StoreKind.Png
            ? Directory.GetFiles(path, "*.png").Where(f => int.TryParse(Path.GetFileNameWithoutExtension(f), System.Globalization.CultureInfo.InvariantCulture, out int id) && id >= count)
            : [];
        return [.. temp, .. orphans];
    }

    private sealed class Tally
    {
        public int Previous { get; set; }

        public int Newer { get; set; }

        public int MidWrite { get; set; }

        public int Leftovers { get; set; }

        public List<string> LeftoverNames { get; } = [];
    }
}
