using System.Diagnostics;

namespace ImageStorage.Tests.Interop;

/// <summary>Runs an independent tool (h5dump, mdb_stat, the system Python with h5py or py-lmdb) and returns what it printed; a missing tool fails the test, naming what to install.</summary>
public static class ExternalTool
{
    /// <summary>The Python that has Debian's python3-* packages (a pyenv or venv python3 earlier on PATH may not).</summary>
    public static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

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
            throw new Xunit.Sdk.XunitException($"{program} is not installed ({install}; ./build.sh test installs it): {e.Message}");
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed ({install}?): {error.Result}");
            return output;
        }
    }

    /// <summary>A script of this folder, as copied next to the test assembly.</summary>
    public static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "Interop", name);
}
