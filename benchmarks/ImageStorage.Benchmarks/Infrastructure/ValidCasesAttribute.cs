using System.Reflection;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Parameters;
using BenchmarkDotNet.Running;

namespace ImageStorage.Benchmarks.Infrastructure;

/// <summary>
/// Marks a benchmark class whose parameters are not independent (an image count that follows the image size, an
/// encoding only some methods hold): only the combinations its public static <c>bool Name(ParameterInstances)</c> accepts exist.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ValidCasesAttribute(string predicate) : Attribute
{
    /// <summary>The name of the class's predicate.</summary>
    public string Predicate { get; } = predicate;
}

/// <summary>The config filter that drops every case a <see cref="ValidCasesAttribute"/> predicate refuses, before anything counts or runs it.</summary>
public sealed class ValidCasesFilter : IFilter
{
    /// <inheritdoc />
    public bool Predicate(BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var type = benchmarkCase.Descriptor.Type;
        if (type.GetCustomAttribute<ValidCasesAttribute>(inherit: true) is not { } valid)
        {
            return true;
        }

        var predicate = type.GetMethod(valid.Predicate, BindingFlags.Public | BindingFlags.Static | BindingFlags.FlattenHierarchy, [typeof(ParameterInstances)])
            ?? throw new InvalidOperationException($"{type.Name} names {valid.Predicate} as its case predicate, but has no public static bool {valid.Predicate}(ParameterInstances).");
        return (bool)predicate.Invoke(null, [benchmarkCase.Parameters])!;
    }
}
