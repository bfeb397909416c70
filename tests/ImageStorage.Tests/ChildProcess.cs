using System.Diagnostics;

namespace ImageStorage.Tests;

/// <summary>
/// Runs this test assembly as a separate process (see <see cref="Program"/>), so a test can kill a writer midway
/// or have two processes read one store at once.
/// </summary>
public static class ChildProcess
{
    /// <summary>The variable through which a child learns its test process's id, to end itself if that process dies.</summary>
    public const string ParentVariable = "IMAGESTORAGE_TEST_PARENT";

    /// <summary>In a child: ends this process as soon as the test process that started it is gone (a crashed test run must not leave writers running).</summary>
    public static void ExitWithParent()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable(ParentVariable), System.Globalization.CultureInfo.InvariantCulture, out int parent))
        {
            return;
        }

        var watchdog = new Thread(() =>
        {
            while (true)
            {
                try
                {
                    using var process = Process.GetProcessById(parent);
                    if (process.HasExited)
                    {
                        Environment.Exit(3);
                    }
                }
                catch (ArgumentException)
                {
                    Environment.Exit(3);
                }

                Thread.Sleep(500);
            }
        }) { IsBackground = true };
        watchdog.Start();
    }

    public static Process Start(params string[] arguments) => StartWith(new Dictionary<string, string?>(), arguments);

    /// <summary>Starts the child with <paramref name="environment"/> set over this process's environment (a null value removes the variable).</summary>
    public static Process StartWith(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        info.Environment[ParentVariable] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start the child process");
    }

    /// <summary>Reads the child's output until a line starts with <paramref name="prefix"/>; fails if it exits first.</summary>
    public static string WaitForLine(Process process, string prefix, TimeSpan timeout)
    {
        var task = Task.Run(() =>
        {
            string? line;
            while ((line = process.StandardOutput.ReadLine()) is not null)
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line;
                }
            }

            return null;
        });
        if (!task.Wait(timeout) || task.Result is null)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"child process never printed '{prefix}': {process.StandardError.ReadToEnd()}");
        }

        return task.Result;
    }
}
