using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ImageStorage.Cli.Tests;

/// <summary>Runs the real imagestore tool as a child process.</summary>
public static class Imagestore
{
    private static string Tool => Path.Combine(AppContext.BaseDirectory, "imagestore.dll");

    /// <summary>What one run printed and returned.</summary>
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Output}\nstderr: {Error}";
    }

    /// <summary>Runs imagestore with <paramref name="arguments"/> to the end.</summary>
    public static Result Run(params string[] arguments)
    {
        using var process = Start(arguments);
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(300_000), "imagestore did not finish in 5 minutes");
        return new Result(process.ExitCode, output, error.Result);
    }

    /// <summary>Starts imagestore with <paramref name="arguments"/>, its output redirected.</summary>
    public static Process Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Tool);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start imagestore");
    }

    /// <summary>Sends SIGINT, as Ctrl-C in a terminal does.</summary>
    public static void Interrupt(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        Assert.Equal(0, Kill(process.Id, 2));
    }

    /// <summary>Whether this process ignores SIGINT (Linux: bit 1 of SigIgn in /proc/self/status), which its children inherit.</summary>
    public static bool IgnoresSigint()
    {
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return (ulong.Parse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) & (1UL << 1)) != 0;
    }

    /// <summary>The process's peak resident memory so far, in bytes (Linux: VmHWM), or 0 once it has exited.</summary>
    public static long PeakMemory(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            string line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) ?? "VmHWM: 0 kB";
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
