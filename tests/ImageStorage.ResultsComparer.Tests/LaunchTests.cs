using ImageStorage.ResultsComparer.Comparison;
using ImageStorage.ResultsComparer.Matching;
using ImageStorage.ResultsComparer.Reports;
using Perfolizer.Metrology;

namespace ImageStorage.ResultsComparer.Tests;

public sealed class LaunchTests
{
    private const string ReadMany100 = "ImageStorage.Benchmarks.Micro.ReadBenchmarks.ReadMany(Count: 100)";

    [Fact]
    public void Each_launch_index_is_one_launch_valued_at_the_median_of_its_result_iterations()
    {
        var benchmark = Benchmark(
            (1, "Result", 100), (1, "Result", 300), (1, "Result", 200), (1, "Actual", 999),
            (2, "Result", 50), (2, "Result", 70));

        var launches = LaunchExtractor.Launches(new LocatedBenchmark("X", benchmark, "x.json", Round: 4));

        Assert.Equal(2, launches.Count);
        Assert.Equal((1, 200.0, 3, 4), (launches[0].Index, launches[0].MedianNanoseconds, launches[0].Iterations, launches[0].Round));
        Assert.Equal((2, 60.0, 2), (launches[1].Index, launches[1].MedianNanoseconds, launches[1].Iterations));
    }

    [Fact]
    public void A_failed_benchmark_has_no_launch_and_one_without_measurements_has_its_statistics_median()
    {
        var failed = new BdnBenchmark { FullName = "X", Measurements = [new BdnMeasurement { IterationMode = "Workload", IterationStage = "Result", Operations = 1, Nanoseconds = 5, LaunchIndex = 1 }] };
        var summarised = new BdnBenchmark { FullName = "X", Statistics = new BdnStatistics { Median = 42, N = 7 } };

        Assert.Empty(LaunchExtractor.Launches(new LocatedBenchmark("X", failed, "x.json")));
        Assert.Equal(42, Assert.Single(LaunchExtractor.Launches(new LocatedBenchmark("X", summarised, "x.json"))).MedianNanoseconds);
    }

    [Fact]
    public void The_iteration_level_samples_are_the_result_iterations_not_the_actual_ones()
    {
        var benchmark = Benchmark((1, "Actual", 1000), (1, "Result", 10), (1, "Result", 20));

        Assert.Equal([10.0, 20.0], SampleExtractor.PerOperationNanoseconds(benchmark));
    }

    [Fact]
    public void Pairing_by_round_cancels_a_drift_that_independent_launches_cannot_see_past()
    {
        // Every round of this A/A run is 8% slower than the one before, on both sides alike.
        var paired = Compare("interleaved-drift", keepRounds: true);
        var unpaired = Compare("interleaved-drift", keepRounds: false);

        // Paired, the rounds agree to a few percent and the benchmark is the same within 5%; as independent launches
        // the drift is launch-to-launch spread, and nothing smaller than it can be told: the threshold rises to it.
        Assert.True(paired.Launches!.Paired);
        Assert.Equal(TimeVerdict.Same, paired.Time);
        Assert.Equal(0.05, paired.Launches.Threshold, 9);
        Assert.False(unpaired.Launches!.Paired);
        Assert.InRange(unpaired.Launches.Threshold, 0.1, 0.6);
        Assert.Equal("this run's round-to-round spread", unpaired.Launches.ThresholdSource);
    }

    [Fact]
    public void Paired_rounds_keep_their_own_values_and_allocations()
    {
        var comparison = Compare("interleaved-slower", keepRounds: true);

        Assert.Equal(6, comparison.Launches!.Rounds.Count);
        Assert.Equal([1, 2, 3, 4, 5, 6], comparison.Launches.Rounds.Select(r => r.Round));
        Assert.All(comparison.Launches.Rounds, r => Assert.InRange(r.Ratio, 1.1, 1.3));
        Assert.All(comparison.Launches.Rounds, r => Assert.Equal(40_000, r.BaseAllocated));
        Assert.Equal(TimeVerdict.Slower, comparison.Time);
        Assert.NotNull(comparison.Launches.Detectable);
    }

    [Fact]
    public void A_few_bytes_of_jitter_that_happen_to_rise_in_every_round_are_not_more_allocated()
    {
        // BenchmarkDotNet's per-operation averages move by a few bytes from launch to launch: here every round happens
        // to be 3-4 B higher in the diff, a pattern one A/A run in 32 shows by chance.
        var jitter = CompareAllocations([1000, 1010, 995, 1005, 1002], [1003, 1013, 999, 1008, 1006]);
        var change = CompareAllocations([1024, 1024, 1024, 1024, 1024], [1056, 1056, 1056, 1056, 1056]);

        Assert.Equal(AllocationVerdict.Same, jitter.Allocation);
        Assert.InRange(jitter.Launches!.AllocationTolerance, 10, 30);
        Assert.Equal(AllocationVerdict.Increased, change.Allocation);
        Assert.Equal(0, change.Launches!.AllocationTolerance);
    }

    [Fact]
    public void Rounds_that_agree_on_a_direction_but_scatter_far_wider_than_the_threshold_are_not_flagged()
    {
        // Six same-commit rounds on a machine shared with heavy builds: by chance all six lean the same way, three by
        // 8-12% and three by 40-60%. Against 5% alone the interval would say faster; against the rounds' own spread
        // it cannot tell.
        double[] ratios = [0.90, 0.55, 0.88, 0.40, 0.92, 0.60];
        var pair = new MatchedBenchmark(
            "X",
            [.. ratios.Select((_, i) => Timed(1000, i + 1, "base"))],
            [.. ratios.Select((r, i) => Timed(1000 * r, i + 1, "diff"))]);

        var comparison = new LaunchComparer(new ComparisonSettings(Threshold.Parse("5%"), 0.3, 0.05, 0)).Compare(pair);

        Assert.Equal(TimeVerdict.Unknown, comparison.Time);
        Assert.True(Math.Exp(-comparison.Launches!.Time!.Upper!.Value) - 1 > 0.05);
        Assert.Equal("this run's round-to-round spread", comparison.Launches.ThresholdSource);
    }

    [Theory]
    [InlineData(0.05, 5)]
    [InlineData(0.01, 7)]
    [InlineData(0.001, 10)]
    public void Minimum_rounds_for_alpha(double alpha, int expected)
    {
        Assert.Equal(expected, LaunchComparer.MinimumRounds(alpha));
    }

    private static BenchmarkComparison Compare(string folder, bool keepRounds)
    {
        var inputs = ComparisonInputs.FromRounds(ComparerRun.TestData(folder));
        if (!keepRounds)
        {
            inputs = inputs with { BaseFiles = [.. inputs.BaseFiles.Select(f => f with { Round = null })], DiffFiles = [.. inputs.DiffFiles.Select(f => f with { Round = null })] };
        }

        var settings = new ComparisonSettings(Threshold.Parse("5%"), 0.3, 0.05, 0);
        var report = ComparisonRun.Compare(inputs, settings);
        return report.Compared.Single(c => c.FullName == ReadMany100);
    }

    private static LocatedBenchmark Timed(double nanoseconds, int round, string side) => new(
        "X",
        new BdnBenchmark
        {
            FullName = "X",
            Statistics = new BdnStatistics { Median = nanoseconds, N = 1 },
            Measurements = [new BdnMeasurement { IterationMode = "Workload", IterationStage = "Result", LaunchIndex = 1, Operations = 1, Nanoseconds = nanoseconds }],
        },
        $"{side}{round}.json",
        round);

    private static BenchmarkComparison CompareAllocations(long[] baseBytes, long[] diffBytes)
    {
        LocatedBenchmark Occurrence(long bytes, int round, string side) => new(
            "X",
            new BdnBenchmark
            {
                FullName = "X",
                Statistics = new BdnStatistics { Median = 1000, N = 1 },
                Memory = new BdnMemory { BytesAllocatedPerOperation = bytes },
                Measurements = [new BdnMeasurement { IterationMode = "Workload", IterationStage = "Result", LaunchIndex = 1, Operations = 1, Nanoseconds = 1000 }],
            },
            $"{side}{round}.json",
            round);
        var pair = new MatchedBenchmark(
            "X",
            [.. baseBytes.Select((b, i) => Occurrence(b, i + 1, "base"))],
            [.. diffBytes.Select((b, i) => Occurrence(b, i + 1, "diff"))]);
        return new LaunchComparer(new ComparisonSettings(Threshold.Parse("5%"), 0.3, 0.05, 0)).Compare(pair);
    }

    private static BdnBenchmark Benchmark(params (int Launch, string Stage, double Nanoseconds)[] measurements) => new()
    {
        FullName = "X",
        Statistics = new BdnStatistics { Median = 1, N = 1 },
        Measurements = [.. measurements.Select(m => new BdnMeasurement { IterationMode = "Workload", IterationStage = m.Stage, LaunchIndex = m.Launch, Operations = 1, Nanoseconds = m.Nanoseconds })],
    };
}
