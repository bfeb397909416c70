namespace ImageStorage.ResultsComparer.Reports;

// The subset of BenchmarkDotNet 0.15.8's full JSON report (JsonExporter.Full) that the comparer reads; other fields are ignored.

/// <summary>One <c>*-report-full.json</c> file: a title and its benchmarks.</summary>
internal sealed class BdnReport
{
    /// <summary>The run's title, e.g. "ReadBenchmarks-20250101-120000".</summary>
    public string? Title { get; init; }

    /// <summary>Every benchmark case of the run, failed ones included.</summary>
    public IReadOnlyList<BdnBenchmark>? Benchmarks { get; init; }
}

/// <summary>One benchmark case: its identity, its statistics (null when it failed), its allocations and its raw measurements.</summary>
internal sealed class BdnBenchmark
{
    /// <summary>The job-qualified display name.</summary>
    public string? DisplayInfo { get; init; }

    /// <summary>The benchmark class's namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>The benchmark class's name.</summary>
    public string? Type { get; init; }

    /// <summary>The benchmark method's name.</summary>
    public string? Method { get; init; }

    /// <summary>The parameters in "Name=Value&amp;Other=Value" form.</summary>
    public string? Parameters { get; init; }

    /// <summary>The identity used for matching: "Namespace.Type.Method(Param: value)".</summary>
    public string? FullName { get; init; }

    /// <summary>The summary statistics of the overhead-corrected results, or null when the benchmark failed.</summary>
    public BdnStatistics? Statistics { get; init; }

    /// <summary>The memory diagnoser's results.</summary>
    public BdnMemory? Memory { get; init; }

    /// <summary>Every iteration of every stage, including pilot, warmup and overhead runs.</summary>
    public IReadOnlyList<BdnMeasurement>? Measurements { get; init; }
}

/// <summary>The statistics BenchmarkDotNet computed over the overhead-corrected, outlier-free results, in nanoseconds per operation.</summary>
internal sealed class BdnStatistics
{
    /// <summary>The overhead-corrected results the statistics are computed from.</summary>
    public IReadOnlyList<double>? OriginalValues { get; init; }

    /// <summary>The number of results.</summary>
    public int N { get; init; }

    /// <summary>The smallest result.</summary>
    public double Min { get; init; } = double.NaN;

    /// <summary>The median result.</summary>
    public double Median { get; init; } = double.NaN;

    /// <summary>The arithmetic mean of the results.</summary>
    public double Mean { get; init; } = double.NaN;

    /// <summary>The largest result.</summary>
    public double Max { get; init; } = double.NaN;

    /// <summary>The standard deviation of the results.</summary>
    public double StandardDeviation { get; init; } = double.NaN;
}

/// <summary>The memory diagnoser's results for one benchmark.</summary>
internal sealed class BdnMemory
{
    /// <summary>Managed bytes allocated per operation, or null when not measured.</summary>
    public long? BytesAllocatedPerOperation { get; init; }
}

/// <summary>One iteration: its mode, stage and launch, how many operations it ran and how long it took.</summary>
internal sealed class BdnMeasurement
{
    /// <summary>"Workload" or "Overhead".</summary>
    public string? IterationMode { get; init; }

    /// <summary>"Jitting", "Pilot", "Warmup", "Actual" or "Result".</summary>
    public string? IterationStage { get; init; }

    /// <summary>The process launch the iteration ran in: 1, 2, … (0 for in-process toolchains).</summary>
    public int LaunchIndex { get; init; }

    /// <summary>The number of operations the iteration ran.</summary>
    public long Operations { get; init; }

    /// <summary>The iteration's total duration in nanoseconds.</summary>
    public double Nanoseconds { get; init; }
}
