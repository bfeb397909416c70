using System.Diagnostics;

namespace ImageStorage.Tests;

/// <summary>
/// Runs a tool that is not ours (h5dump, ldb, tar…) on what the library wrote, so a test proves that an independent
/// implementation reads it. A missing tool fails the test with the package to install; it never skips.
/// </summary>
public static class ExternalTool
{
    /// <summary>The Python that has Debian's python3-* packages (a pyenv or venv python3 earlier on PATH may not).</summary>
    public static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>A script of the Interop folder, as copied next to the test assembly.</summary>
    public static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "Interop", name);

    /// <summary>Runs <paramref name="program"/> (from Debian's <paramref name="debianPackage"/>) and returns its standard output as text.</summary>
    public static string Run(string program, string debianPackage, params string[] arguments) =>
        System.Text.Encoding.UTF8.GetString(RunForBytes(program, debianPackage, arguments));

    /// <summary>Runs <paramref name="program"/> and returns its standard output byte for byte; fails unless it exits with 0.</summary>
    public static byte[] RunForBytes(string program, string debianPackage, params string[] arguments)
    {
        var (exitCode, output, error) = Execute(program, debianPackage, arguments);
        Assert.True(exitCode == 0, $"{program} {string.Join(' ', arguments)} failed with exit code {exitCode}: {error}");
        return output;
    }

    /// <summary>Runs <paramref name="program"/>, which must fail (exit with non-zero), and returns what it wrote to standard error.</summary>
    public static string RunExpectingFailure(string program, string debianPackage, params string[] arguments)
    {
        var (exitCode, output, error) = Execute(program, debianPackage, arguments);
        Assert.True(exitCode != 0, $"{program} {string.Join(' ', arguments)} was expected to fail but exited with 0: {System.Text.Encoding.UTF8.GetString(output)}");
        return error;
    }

    private static (int ExitCode, byte[] Output, string Error) Execute(string program, string debianPackage, string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
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
            throw new Xunit.Sdk.XunitException($"{program} is not installed (Debian: apt-get install {debianPackage}): {e.Message}");
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            using var output = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(output);
            process.WaitForExit();
            return (process.ExitCode, output.ToArray(), error.Result);
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
