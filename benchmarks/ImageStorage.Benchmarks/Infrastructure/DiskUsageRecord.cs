using System.Globalization;
using BenchmarkDotNet.Running;

namespace ImageStorage.Benchmarks.Infrastructure;

/// <summary>The side file through which a benchmark process tells the host how much disk its store used, keyed by benchmark and parameters.</summary>
public static class DiskUsageRecord
{
    private const string Name = "disk";

    /// <summary>Records <paramref name="bytes"/> for the row of <paramref name="benchmarkClass"/> with these parameters (written by the child process).</summary>
    public static void Write(string sideFilesPath, Type benchmarkClass, IEnumerable<(string Name, object Value)> parameters, long bytes) =>
        SideRecord.Write(sideFilesPath, Name, benchmarkClass, parameters, bytes.ToString(CultureInfo.InvariantCulture));

    /// <summary>The recorded bytes for <paramref name="benchmarkCase"/>, or null if none (read by the host).</summary>
    public static long? Read(string sideFilesPath, BenchmarkCase benchmarkCase) =>
        long.TryParse(SideRecord.Read(sideFilesPath, Name, benchmarkCase), NumberStyles.None, CultureInfo.InvariantCulture, out long bytes) ? bytes : null;
}
