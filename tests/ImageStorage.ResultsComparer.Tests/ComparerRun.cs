namespace ImageStorage.ResultsComparer.Tests;

/// <summary>Runs the comparer through its entry point and captures what it wrote.</summary>
internal static class ComparerRun
{
    /// <summary>The folder holding the committed fixtures, copied next to the test assembly.</summary>
    public static string TestData(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    /// <summary>Runs <see cref="Program.Run"/> with <paramref name="args"/>.</summary>
    public static RunResult Invoke(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exitCode = Program.Run(args, output, error);
        return new RunResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Compares the single-launch fixture folders <paramref name="baseFolder"/> and <paramref name="diffFolder"/> iteration by iteration with a 5% threshold plus <paramref name="extra"/> options.</summary>
    public static RunResult Compare(string baseFolder, string diffFolder, params string[] extra) =>
        Invoke(["--base", TestData(baseFolder), "--diff", TestData(diffFolder), "--threshold", "5%", "--unit", "iteration", .. extra]);

    /// <summary>Compares the rounds of the interleaved fixture <paramref name="folder"/> launch by launch with a 5% threshold plus <paramref name="extra"/> options.</summary>
    public static RunResult Interleaved(string folder, params string[] extra) =>
        Invoke(["--interleaved", TestData(folder), "--threshold", "5%", .. extra]);
}

/// <summary>What one run of the comparer returned and wrote.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Output">The report written to standard output.</param>
/// <param name="Error">The messages written to standard error.</param>
internal sealed record RunResult(int ExitCode, string Output, string Error)
{
    /// <summary>The table row of the markdown section titled <paramref name="title"/> that names <paramref name="benchmark"/>.</summary>
    public string Row(string title, string benchmark) =>
        Assert.Single(Section(title), line => line.StartsWith("| `", StringComparison.Ordinal) && line.Contains(benchmark, StringComparison.Ordinal));

    /// <summary>The lines of the markdown section titled <paramref name="title"/> (up to the next heading), or empty when it is absent.</summary>
    public IReadOnlyList<string> Section(string title)
    {
        var lines = Output.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        int start = lines.FindIndex(line => line.StartsWith($"## {title} (", StringComparison.Ordinal));
        if (start < 0)
        {
            return [];
        }

        return [.. lines.Skip(start + 1).TakeWhile(line => !line.StartsWith("## ", StringComparison.Ordinal)).Where(line => line.Length > 0)];
    }
}
