using ImageStorage.ResultsComparer.Comparison;
using ImageStorage.ResultsComparer.Matching;
using ImageStorage.ResultsComparer.Reports;

namespace ImageStorage.ResultsComparer.Tests;

/// <summary>The comparer on what BenchmarkDotNet 0.15.8 and the interleave command really wrote (see TestData/README.md).</summary>
public sealed class RealRunTests
{
    [Fact]
    public void Each_real_launch_is_valued_at_benchmarkdotnets_own_median_of_its_result_iterations()
    {
        var files = Directory.EnumerateFiles(ComparerRun.TestData("real-interleaved"), ReportDiscovery.Pattern, SearchOption.AllDirectories).ToList();
        Assert.Equal(10, files.Count);
        foreach (var file in files)
        {
            foreach (var benchmark in ReportReader.Read(file).Report.Benchmarks!)
            {
                var launch = Assert.Single(LaunchExtractor.Launches(new LocatedBenchmark(benchmark.FullName!, benchmark, file, Round: 1)));

                Assert.Equal(benchmark.Statistics!.Median, launch.MedianNanoseconds, benchmark.Statistics.Median * 1e-12);
                Assert.Equal(benchmark.Statistics.N, launch.Iterations);
            }
        }
    }

    [Fact]
    public void A_real_report_of_three_launches_per_case_gives_three_launches_holding_all_its_result_iterations()
    {
        var report = ReportReader.Read(ComparerRun.TestData("real-launches", "ImageStorage.Benchmarks.Micro.ReadSingle-report-full.json"));

        Assert.Equal(4, report.Report.Benchmarks!.Count);
        foreach (var benchmark in report.Report.Benchmarks)
        {
            var launches = LaunchExtractor.Launches(new LocatedBenchmark(benchmark.FullName!, benchmark, report.Path));

            Assert.Equal([1, 2, 3], launches.Select(l => l.Index));
            Assert.Equal(benchmark.Statistics!.N, launches.Sum(l => l.Iterations));
            Assert.All(launches, l => Assert.InRange(l.MedianNanoseconds, benchmark.Statistics.Min, benchmark.Statistics.Max));
        }
    }

    [Fact]
    public void A_real_interleaved_run_is_compared_round_by_round_with_nothing_dropped()
    {
        var run = ComparerRun.Interleaved("real-interleaved", "--fail-on-regression");

        // Measured on a 2-core machine shared with other builds (load average above 8): launches moved by up to 3x, so
        // nothing can be told apart at 5%, and the report says so instead of flagging anything.
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Interleaved run: base HEAD (0b9f502402), diff working tree (c81f0d3e82)", run.Output, StringComparison.Ordinal);
        Assert.Contains("5 interleaved rounds, paired", run.Output, StringComparison.Ordinal);
        Assert.Contains("**Summary:** 0 slower, 0 faster, 0 same, 4 unknown, 0 failed; 0 added, 0 removed", run.Output, StringComparison.Ordinal);
        foreach (string backend in new[] { "Raw", "Png", "Lmdb", "Hdf5" })
        {
            Assert.Contains("| 5/5 |", run.Row("Every benchmark", $"Read(Count: 100, Method: {backend})"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Calibration_refuses_the_real_run_because_its_two_sides_are_different_commits()
    {
        string noiseFile = Path.Combine(Path.GetTempPath(), $"comparer-{Guid.NewGuid():N}.json");

        var run = ComparerRun.Invoke("calibrate", "--interleaved", ComparerRun.TestData("real-interleaved"), "--noise-file", noiseFile);

        Assert.Equal(2, run.ExitCode);
        Assert.False(File.Exists(noiseFile));
        Assert.Contains("compares two different builds", run.Error, StringComparison.Ordinal);
    }
}
