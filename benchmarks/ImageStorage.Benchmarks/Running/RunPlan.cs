using BenchmarkDotNet.Configs;
using BenchmarkDotNet.ConsoleArguments;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;

namespace ImageStorage.Benchmarks.Running;

/// <summary>
/// The benchmark cases a command line selects, worked out before anything runs exactly as BenchmarkDotNet's switcher
/// would (its parser, its filters, the suite's config), so that a selection of nothing, or no selection at all, can
/// be refused with the list of names, and a real one announced with its size and estimated time.
/// </summary>
public sealed class RunPlan
{
    private RunPlan(IReadOnlyList<BenchmarkRunInfo> runs, IReadOnlyList<string> selection, IReadOnlyList<string> names)
    {
        Runs = runs;
        Selection = selection;
        Names = names;
    }

    /// <summary>The selected cases, one run info per benchmark class, as BenchmarkRunner takes them.</summary>
    public IReadOnlyList<BenchmarkRunInfo> Runs { get; }

    /// <summary>The selection switches given: filter globs and category names; empty when none were.</summary>
    public IReadOnlyList<string> Selection { get; }

    /// <summary>Every benchmark's name (Namespace.Class.Method), selected or not.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Selected cases.</summary>
    public int Cases => Runs.Sum(r => r.BenchmarksCases.Length);

    /// <summary>Parses BenchmarkDotNet's switches with the suite's config; null if they are invalid (BenchmarkDotNet has printed why).</summary>
    public static RunPlan? Select(string[] benchmarkArgs, IConfig config, ILogger logger)
    {
        var (parsed, parsedConfig, options) = ConfigParser.Parse(benchmarkArgs, logger, config);
        var (valid, types) = TypeFilter.GetTypesWithRunnableBenchmarks([], [typeof(RunPlan).Assembly], logger);
        if (!parsed || !valid)
        {
            return null;
        }

        var runs = TypeFilter.Filter(ManualConfig.Union(config, parsedConfig), types);
        var names = TypeFilter.Filter(config, types).SelectMany(r => r.BenchmarksCases)
            .Select(c => c.Descriptor.GetFilterName()).Distinct(StringComparer.Ordinal).ToList();
        string[] selection =
        [
            .. options.Filters,
            .. options.AllCategories.Select(c => "all categories " + c),
            .. options.AnyCategories.Select(c => "any category " + c),
            .. options.AttributeNames.Select(a => "attribute " + a),
        ];
        return new RunPlan(runs, selection, names);
    }

    /// <summary>What will run: one line per benchmark class with its cases and counts, and the estimated time.</summary>
    public IEnumerable<string> Describe(bool smoke)
    {
        yield return $"{Cases} benchmark cases; estimated time about {Reports.Units.Duration(RunEstimate.Of(Runs, smoke))} (a rough guess from the image counts; the machine decides):";
        foreach (var run in Runs)
        {
            var counts = run.BenchmarksCases
                .Select(c => c.Parameters.Items.FirstOrDefault(p => p.Name == Reports.SummaryRows.CountParameter)?.Value)
                .OfType<int>().Distinct().Order().ToList();
            string countText = counts.Count == 0 ? string.Empty : $"  images: {string.Join(", ", counts.Select(c => Reports.Units.Count(c)))}";
            yield return $"  {run.Type.Name,-18} {run.BenchmarksCases.Length,3} cases{countText}";
        }
    }
}
