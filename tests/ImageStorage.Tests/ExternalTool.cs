using System.Diagnostics;

namespace ImageStorage.Tests;

/// <summary>Runs another implementation's command-line tool on a store; a missing tool fails the test, naming what to install.</summary>
public static class ExternalTool
{
    /// <summary>Runs <paramref name="program"/> and returns its standard output; fails unless it exits 0.</summary>
    public static string Run(string program, string install, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{program} is not installed ({install}): {e.Message}");
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{program} failed with exit code {process.ExitCode}: {error.Result}");
            return output;
        }
    }

    /// <summary>The repository's own folder <paramref name="relative"/> (found above the test assembly), for tools installed into the repository.</summary>
    public static string RepositoryFolder(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, relative);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new Xunit.Sdk.XunitException($"the repository folder {relative} was not found above {AppContext.BaseDirectory}");
    }
}
