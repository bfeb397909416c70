using System.Diagnostics;

namespace ImageStorage.Benchmarks.Tests;

/// <summary>Runs the real suite program (the benchmark assembly built with these tests) with a command line, and waits for it.</summary>
public static class SuiteProgram
{
    /// <summary>What the program did: its exit code and everything it printed.</summary>
    public sealed record Outcome(int ExitCode, string Output, string Error);

    /// <summary>Runs the program with <paramref name="arguments"/> and returns what it did; fails the test if it runs for more than a minute.</summary>
    public static Outcome Run(params string[] arguments) => Run(TimeSpan.FromMinutes(1), arguments);

    /// <summary>Runs the program with <paramref name="arguments"/> and returns what it did; fails the test if it runs longer than <paramref name="patience"/>.</summary>
    public static Outcome Run(TimeSpan patience, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the suite");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(patience))
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"the suite ran for more than {patience} with: {string.Join(' ', arguments)}");
        }

        return new Outcome(process.ExitCode, output.Result, error.Result);
    }
}
