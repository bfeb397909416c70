using System.Globalization;
using BenchmarkDotNet.Running;

namespace ImageStorage.Benchmarks.Infrastructure;

/// <summary>
/// A figure a benchmark process tells the host through a small file, keyed by what it is, the benchmark and the case's
/// parameters: columns run in the host, the stores live in the child process.
/// </summary>
public static class SideRecord
{
    /// <summary>Records <paramref name="value"/> as the figure <paramref name="name"/> of the row of <paramref name="benchmarkClass"/> with these parameters (written by the child process).</summary>
    public static void Write(string sideFilesPath, string name, Type benchmarkClass, IEnumerable<(string Name, object Value)> parameters, string value)
    {
        ArgumentNullException.ThrowIfNull(benchmarkClass);
        Directory.CreateDirectory(sideFilesPath);
        File.WriteAllText(PathFor(sideFilesPath, name, benchmarkClass.Name, parameters), value);
    }

    /// <summary>The figure <paramref name="name"/> recorded for <paramref name="benchmarkCase"/>, or null if none (read by the host).</summary>
    public static string? Read(string sideFilesPath, string name, BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        string file = PathFor(sideFilesPath, name, benchmarkCase.Descriptor.Type.Name, benchmarkCase.Parameters.Items.Select(p => (p.Name, p.Value)));
        return File.Exists(file) ? File.ReadAllText(file) : null;
    }

    private static string PathFor(string sideFilesPath, string name, string benchmarkClass, IEnumerable<(string Name, object Value)> parameters)
    {
        string key = string.Join('_', parameters.OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name}-{p.Value}")));
        return Path.Combine(sideFilesPath, $"{name}-{benchmarkClass}_{key}.txt");
    }
}
