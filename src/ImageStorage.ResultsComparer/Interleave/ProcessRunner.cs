using System.Diagnostics;

namespace ImageStorage.ResultsComparer.Interleave;

/// <summary>What one child process did.</summary>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="StandardOutput">Its standard output, when captured (else empty).</param>
/// <param name="StandardError">Its standard error, when captured (else empty).</param>
/// <param name="Seconds">Its wall-clock seconds.</param>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, double Seconds);

/// <summary>Runs git and dotnet: arguments as a list (never through a shell), output into a log file or captured, killed with its children on cancellation.</summary>
internal static class ProcessRunner
{
    /// <summary>
    /// Runs <paramref name="program"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>, with
    /// <paramref name="environment"/> added to this process's environment. Output goes to <paramref name="logPath"/> (both
    /// streams, appended) when given; otherwise both streams are captured and returned.
    /// </summary>
    public static ProcessResult Run(string program, IEnumerable<string> arguments, string workingDirectory, string? logPath, CancellationToken cancellation, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The benchmark runs must not share an MSBuild node or a compiler server with anything that outlives them.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var log = logPath is null ? null : new StreamWriter(logPath, append: true) { AutoFlush = true };
        var captured = new System.Text.StringBuilder();
        var capturedErrors = new System.Text.StringBuilder();
        var gate = new Lock();
        void Write(string? line, bool isOutput)
        {
            if (line is null)
            {
                return;
            }

            lock (gate)
            {
                if (log is not null)
                {
                    log.WriteLine(line);
                }
                else
                {
                    (isOutput ? captured : capturedErrors).AppendLine(line);
                }
            }
        }

        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Write(e.Data, isOutput: true);
        process.ErrorDataReceived += (_, e) => Write(e.Data, isOutput: false);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using (cancellation.Register(() => Kill(process)))
        {
            process.WaitForExit();
        }

        cancellation.ThrowIfCancellationRequested();
        lock (gate)
        {
            return new ProcessResult(process.ExitCode, captured.ToString(), capturedErrors.ToString(), clock.Elapsed.TotalSeconds);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }
    }
}
