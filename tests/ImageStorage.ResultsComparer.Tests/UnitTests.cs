using ImageStorage.ResultsComparer.Cli;
using ImageStorage.ResultsComparer.Comparison;
using ImageStorage.ResultsComparer.Matching;
using ImageStorage.ResultsComparer.Reports;

namespace ImageStorage.ResultsComparer.Tests;

public sealed class ReportTests
{
    [Fact]
    public void Discovery_is_recursive_and_ordered()
    {
        var files = ReportDiscovery.Find(ComparerRun.TestData("baseline"), "--base");

        Assert.Equal(
            [ComparerRun.TestData("baseline", "ReadBenchmarks-report-full.json"), ComparerRun.TestData("baseline", "nested", "WriteBenchmarks-report-full.json")],
            files);
    }

    [Fact]
    public void Reader_maps_the_real_report_including_empty_string_nan_and_null_statistics()
    {
        var report = ReportReader.Read(ComparerRun.TestData("real", "Bench-report-full.json")).Report;

        Assert.NotNull(report.Benchmarks);
        Assert.Equal(["Bench.Alloc(N: 10)", "Bench.Fails(N: 10)", "Bench.Fails(N: 100)"], report.Benchmarks.Select(b => b.FullName));
        var alloc = report.Benchmarks[0];
        Assert.Equal("Alloc", alloc.Method);
        Assert.Equal("N=10", alloc.Parameters);
        Assert.Equal(6.486070714890957, alloc.Statistics!.Median, 12);
        Assert.Equal(4, alloc.Statistics.N);
        Assert.Equal(64, alloc.Memory!.BytesAllocatedPerOperation);
        Assert.Null(report.Benchmarks[2].Statistics);
        Assert.Null(report.Benchmarks[2].Memory!.BytesAllocatedPerOperation);
    }

    [Fact]
    public void Samples_are_the_workload_result_iterations_per_operation_as_benchmarkdotnet_uses_them()
    {
        var alloc = ReportReader.Read(ComparerRun.TestData("real", "Bench-report-full.json")).Report.Benchmarks![0];

        var samples = SampleExtractor.PerOperationNanoseconds(alloc);

        // Five Actual iterations, one of them an outlier that BenchmarkDotNet removed from the Result ones.
        Assert.Equal(alloc.Statistics!.OriginalValues, samples);
        Assert.Equal(428729685.5 / 67108864, samples[0], 12);
    }

    [Fact]
    public void Samples_fall_back_to_the_statistics_when_there_are_no_measurements()
    {
        var benchmark = new BdnBenchmark { FullName = "X", Statistics = new BdnStatistics { OriginalValues = [1, 2, 3] } };

        Assert.Equal([1.0, 2.0, 3.0], SampleExtractor.PerOperationNanoseconds(benchmark));
    }

    [Theory]
    [InlineData("[]", "not valid BenchmarkDotNet JSON")]
    [InlineData("null", "no \"Benchmarks\" array")]
    [InlineData("{\"Title\": \"x\"}", "no \"Benchmarks\" array")]
    [InlineData("{\"Benchmarks\": [{\"Method\": \"M\"}]}", "benchmark #0 has no \"FullName\"")]
    [InlineData("{\"Benchmarks\": [", "not valid BenchmarkDotNet JSON")]
    public void Reader_names_the_file_when_the_report_is_wrong(string json, string expected)
    {
        string path = Path.Combine(Path.GetTempPath(), $"comparer-{Guid.NewGuid():N}-report-full.json");
        File.WriteAllText(path, json);
        try
        {
            var exception = Assert.Throws<ReportInputException>(() => ReportReader.Read(path));

            Assert.Contains(path, exception.Message, StringComparison.Ordinal);
            Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Matcher_pairs_by_full_name_and_keeps_the_first_duplicate()
    {
        var baseReports = ReportDiscovery.Find(ComparerRun.TestData("baseline"), "--base").Select(ReportReader.Read).ToList();
        var diffReports = ReportDiscovery.Find(ComparerRun.TestData("duplicate"), "--diff").Select(ReportReader.Read).ToList();

        var match = BenchmarkMatcher.Match(baseReports, diffReports);

        Assert.Equal(5, match.Matched.Count);
        Assert.Empty(match.Added);
        Assert.Empty(match.Removed);
        var duplicate = Assert.Single(match.Duplicates);
        Assert.Equal(Side.Diff, duplicate.Side);
        var pair = match.Matched.Single(m => m.FullName == duplicate.FullName);
        Assert.Equal(duplicate.Files[0], pair.Diff.FilePath);
    }
}

public sealed class StatisticsTests
{
    [Theory]
    [InlineData(3, 3, 0.05)]
    [InlineData(5, 5, 1.0 / 252)]
    [InlineData(7, 7, 1.0 / 3432)]
    [InlineData(2, 8, 1.0 / 45)]
    public void Minimum_attainable_p_value_is_one_over_the_binomial_coefficient(int n, int m, double expected)
    {
        Assert.Equal(expected, IterationComparer.MinimumAttainablePValue(n, m), 12);
    }

    [Theory]
    [InlineData(0.05, 4)]
    [InlineData(0.01, 5)]
    [InlineData(0.001, 7)]
    [InlineData(0.00001, 10)]
    public void Minimum_sample_size_per_side_for_alpha(double alpha, int expected)
    {
        Assert.Equal(expected, IterationComparer.MinimumSampleSizeFor(alpha));
    }

    [Fact]
    public void Modality_names_a_bimodal_sample_and_ignores_small_or_unimodal_ones()
    {
        var random = new Random(42);
        double[] unimodal = [.. Enumerable.Range(0, 30).Select(_ => 100 + random.NextDouble())];
        double[] bimodal = [.. unimodal.Select((v, i) => i % 2 == 0 ? v : v + 100)];

        Assert.Null(ModalityDescriber.Name(unimodal));
        Assert.Equal("bimodal", ModalityDescriber.Name(bimodal));
        Assert.Null(ModalityDescriber.Name(bimodal[..6]));
        Assert.Equal("bimodal (diff)", ModalityDescriber.Describe(unimodal, bimodal));
    }

    [Theory]
    [InlineData("5%", true)]
    [InlineData("10ms", true)]
    [InlineData("0.5us", true)]
    [InlineData("5", false)]
    [InlineData("0%", false)]
    [InlineData("-5%", false)]
    [InlineData("1.1x", false)]
    [InlineData("5%|1ns", false)]
    [InlineData("abc", false)]
    public void Threshold_accepts_one_positive_percentage_or_time(string text, bool valid)
    {
        Assert.Equal(valid, ThresholdParser.TryParseThreshold(text, out _, out _));
    }

    [Theory]
    [InlineData("0.3ns", 0.3)]
    [InlineData("1us", 1000)]
    [InlineData("2ms", 2_000_000)]
    [InlineData("0ns", 0)]
    public void Noise_is_a_time_in_nanoseconds(string text, double nanoseconds)
    {
        Assert.True(ThresholdParser.TryParseNoise(text, out double parsed, out _));
        Assert.Equal(nanoseconds, parsed, 9);
    }
}

public sealed class ParameterOrderTests
{
    [Fact]
    public void Parameters_are_matched_by_name_whatever_their_order()
    {
        Assert.Equal("A.Read(Count: 100, Method: Raw)", BenchmarkMatcher.Canonical("A.Read(Method: Raw, Count: 100)"));
        Assert.Equal("A.Read", BenchmarkMatcher.Canonical("A.Read"));
    }

    [Fact]
    public void Reports_whose_parameters_moved_still_compare()
    {
        // The redesign moved Count into a base class, and BenchmarkDotNet then lists it first: the same cases, renamed.
        string root = Directory.CreateTempSubdirectory("comparer-order-").FullName;
        try
        {
            string source = File.ReadAllText(ComparerRun.TestData("baseline", "ReadBenchmarks-report-full.json"));
            Directory.CreateDirectory(Path.Combine(root, "a"));
            Directory.CreateDirectory(Path.Combine(root, "b"));
            File.WriteAllText(Path.Combine(root, "a", "R-report-full.json"), System.Text.RegularExpressions.Regex.Replace(source, @"\(Count: (\d+)\)", "(Method: Raw, Count: $1)"));
            File.WriteAllText(Path.Combine(root, "b", "R-report-full.json"), System.Text.RegularExpressions.Regex.Replace(source, @"\(Count: (\d+)\)", "(Count: $1, Method: Raw)"));

            var run = ComparerRun.Invoke("--base", Path.Combine(root, "a"), "--diff", Path.Combine(root, "b"), "--threshold", "5%", "--unit", "iteration");

            Assert.Equal(0, run.ExitCode);
            Assert.Contains("0 added, 0 removed", run.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
