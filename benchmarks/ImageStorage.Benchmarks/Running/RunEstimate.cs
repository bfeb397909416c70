using BenchmarkDotNet.Running;

namespace ImageStorage.Benchmarks.Running;

/// <summary>
/// A rough estimate of how long the selected cases take, from their image counts and per-image costs measured on the
/// project's machine (docs/performance.md). It only has to tell a 3-minute run from a 3-hour one before it starts.
/// </summary>
public static class RunEstimate
{
    // Process start, JIT and pilot stage of one case, measured: ~1.9 s per case in smoke runs, ~2 s with the suite's job (a full run, 1 December).
    private static readonly TimeSpan SmokeCaseOverhead = TimeSpan.FromSeconds(1.9);
    private static readonly TimeSpan SuiteCaseOverhead = TimeSpan.FromSeconds(2);

    /// <summary>The estimated wall-clock time of <paramref name="runs"/>.</summary>
    public static TimeSpan Of(IEnumerable<BenchmarkRunInfo> runs, bool smoke)
    {
        ArgumentNullException.ThrowIfNull(runs);
        double seconds = 0;
        foreach (var benchmarkCase in runs.SelectMany(r => r.BenchmarksCases))
        {
            seconds += (smoke ? SmokeCaseOverhead : SuiteCaseOverhead).TotalSeconds + CaseSeconds(benchmarkCase, smoke);
        }

        return TimeSpan.FromSeconds(seconds);
    }

    private static double CaseSeconds(BenchmarkCase benchmarkCase, bool smoke)
    {
        var parameters = benchmarkCase.Parameters;
        var method = parameters.Items.FirstOrDefault(p => p.Name == "Method")?.Value as StoreKind?;
        int images = parameters.Items.FirstOrDefault(p => p.Name == "Count")?.Value as int? ?? 1;
        double pixelScale = parameters.Items.FirstOrDefault(p => p.Name == "Size")?.Value is int size ? size * size / 1024.0 : 1;
        var (write, read) = PerImage(method);
        bool store = benchmarkCase.Descriptor.WorkloadMethod.Name.StartsWith("Store", StringComparison.Ordinal);
        double operation = images * pixelScale * (store ? write : read);
        double setup = images * pixelScale * (write + read);

        // Smoke: warmup and one iteration of one invocation. Suite: warmup and eight iterations of at least 120 ms, one
        // invocation each where an iteration cleanup forces it, plus a pilot stage for the others.
        if (smoke)
        {
            return setup + (2 * operation);
        }

        bool oneInvocation = benchmarkCase.Descriptor.IterationCleanupMethod is not null;
        return setup + (oneInvocation ? 9 * operation : 12 * Math.Max(0.12, operation));
    }

    // Seconds per 32×32×3 image to write a store of many / read them all; unknown kinds are costed like PNG.
    private static (double Write, double Read) PerImage(StoreKind? method) => method switch
    {
        StoreKind.Raw => (9e-6, 4e-7),
        StoreKind.Lmdb => (1.2e-5, 5e-7),
        StoreKind.Hdf5 => (5e-6, 4e-7),
        _ => (9e-5, 2.1e-5),
    };
}
