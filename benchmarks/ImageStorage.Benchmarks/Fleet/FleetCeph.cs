using System.Diagnostics;
using System.Globalization;

namespace ImageStorage.Benchmarks.Fleet;

/// <summary>
/// The fleet's own single-host Ceph cluster serving S3, started by the project's tools/ceph/ceph-s3.sh in a folder of
/// its own (with 8 GiB of memstore: the benchmark keeps a store per layout and round trip) and stopped on dispose.
/// Its keys go into this process's AWS_* variables; <see cref="CpuSeconds"/> reads its daemons' CPU time, to tell
/// whether the service or the machine's cores were what limited a measurement.
/// </summary>
public sealed class FleetCeph : IDisposable
{
    private readonly string _script;
    private readonly string _folder;

    /// <summary>Starts the cluster in <paramref name="folder"/> with the script under <paramref name="repository"/>.</summary>
    public FleetCeph(string repository, string folder)
    {
        _script = Path.Combine(repository, "tools", "ceph", "ceph-s3.sh");
        _folder = folder;
        var started = Stopwatch.StartNew();
        var (code, output) = Script("start");
        if (code != 0)
        {
            Script("stop");
            throw new InvalidOperationException($"--fleet needs a Ceph RGW, and {_script} could not start one: {output.Trim().ReplaceLineEndings(" ")}");
        }

        foreach (string line in File.ReadAllLines(Path.Combine(folder, "s3.env")).Where(l => l.StartsWith("export ", StringComparison.Ordinal)))
        {
            string[] pair = line["export ".Length..].Split('=', 2);
            Environment.SetEnvironmentVariable(pair[0], pair[1]);
            if (pair[0] == "AWS_ENDPOINT_URL")
            {
                Port = new Uri(pair[1]).Port;
            }
        }

        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_S3", null);
        Environment.SetEnvironmentVariable("AWS_PROFILE", null);
        FleetRun.Log($"ceph: serving S3 on 127.0.0.1:{Port} after {started.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>RGW's port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>CPU seconds the cluster's daemons (monitor, OSD, RGW) have used so far.</summary>
    public double CpuSeconds()
    {
        double ticks = 0;
        foreach (string file in Directory.EnumerateFiles(Path.Combine(_folder, "run"), "*.pid"))
        {
            try
            {
                string stat = File.ReadAllText($"/proc/{File.ReadAllText(file).Trim()}/stat");
                // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
            {
                // A daemon that is gone uses no CPU.
            }
        }

        return ticks / 100.0;
    }

    /// <inheritdoc/>
    public void Dispose() => Script("stop");

    private (int Code, string Output) Script(string command)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in (string[])[_script, command, _folder])
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["CEPH_S3_MEMORY_BYTES"] = (8L << 30).ToString(CultureInfo.InvariantCulture);
        using var script = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        var error = script.StandardError.ReadToEndAsync();
        string output = script.StandardOutput.ReadToEnd();
        script.WaitForExit();
        return (script.ExitCode, output + error.Result);
    }
}
