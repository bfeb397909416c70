using System.Globalization;
using BenchmarkDotNet.Running;

namespace ImageStorage.Benchmarks.Infrastructure;

/// <summary>The side file through which a benchmark process tells the host how much disk its store used, keyed by benchmark and parameters.</summary>
public static class DiskUsageRecord
{
    /// <summary>Records <paramref name="bytes"/> for the row of <paramref name="benchmarkClass"/> with these parameters (written by the child process).</summary>
    public static void Write(string sideFilesPath, Type benchmarkClass, IEnumerable<(string Name, object Value)> parameters, long bytes)
    {
        ArgumentNullException.ThrowIfNull(benchmarkClass);
        Directory.CreateDirectory(sideFilesPath);
        File.WriteAllText(PathFor(sideFilesPath, benchmarkClass.Name, parameters), bytes.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The recorded bytes for <paramref name="benchmarkCase"/>, or null if none (read by the host).</summary>
    public static long? Read(string sideFilesPath, BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        string file = PathFor(sideFilesPath, benchmarkCase.Descriptor.Type.Name, benchmarkCase.Parameters.Items.Select(p => (p.Name, p.Value)));
        return File.Exists(file) && long.TryParse(File.ReadAllText(file), NumberStyles.None, CultureInfo.InvariantCulture, out long bytes) ? bytes : null;
    }

    private static string PathFor(string sideFilesPath, string benchmarkClass, IEnumerable<(string Name, object Value)> parameters)
    {
        string key = string.Join('_', parameters.OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name}-{p.Value}")));
        return Path.Combine(sideFilesPath, $"disk-{benchmarkClass}_{key}.txt");
    }
}
