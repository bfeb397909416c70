namespace ImageStorage.ResultsComparer.Tests;

public sealed class EndToEndTests
{
    private const string ReadMany100 = "ImageStorage.Benchmarks.Micro.ReadBenchmarks.ReadMany(Count: 100)";

    [Fact]
    public void Identical_samples_are_all_same_and_exit_0_even_with_fail_on_regression()
    {
        var run = ComparerRun.Compare("baseline", "baseline", "--fail-on-regression");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("**Summary:** 0 slower, 0 faster, 5 same, 0 unknown, 0 failed; 0 added, 0 removed", run.Output, StringComparison.Ordinal);
        Assert.Contains("geometric mean of diff/base: 1.000 over 5 benchmarks", run.Output, StringComparison.Ordinal);
        Assert.Contains("**Verdict:** no regressions.", run.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Error);
    }

    [Fact]
    public void Shift_of_20_percent_is_slower_and_fails_under_fail_on_regression()
    {
        var run = ComparerRun.Compare("baseline", "slower", "--fail-on-regression");

        Assert.Equal(1, run.ExitCode);
        var slower = Assert.Single(run.Section("Slower"), line => line.StartsWith("| `", StringComparison.Ordinal));
        Assert.Contains(ReadMany100, slower, StringComparison.Ordinal);
        Assert.Contains("| 1.200 |", slower, StringComparison.Ordinal);
        Assert.Contains("1 slower, 0 faster, 4 same", run.Output, StringComparison.Ordinal);
        Assert.Contains("regression", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Shift_of_20_percent_exits_0_without_fail_on_regression()
    {
        var run = ComparerRun.Compare("baseline", "slower");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("**Verdict:** 1 regression (1 slower, 0 allocating more, 0 failing only in diff).", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Shift_of_2_percent_under_a_5_percent_threshold_is_same()
    {
        var run = ComparerRun.Compare("baseline", "slight", "--fail-on-regression");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("0 slower, 0 faster, 5 same", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Shift_of_2_percent_is_slower_under_a_1_percent_threshold()
    {
        var run = ComparerRun.Invoke("--base", ComparerRun.TestData("baseline"), "--diff", ComparerRun.TestData("slight"), "--threshold", "1%", "--unit", "iteration");

        Assert.Contains(ReadMany100, Assert.Single(run.Section("Slower"), line => line.StartsWith("| `", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_noise_floor_larger_than_the_shift_makes_it_same()
    {
        // ReadMany(Count: 100) moves by about 2.4 us per operation.
        var run = ComparerRun.Compare("baseline", "slower", "--noise", "5us", "--fail-on-regression");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("0 slower, 0 faster, 5 same", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Improvement_is_listed_as_faster_and_is_not_a_regression()
    {
        var run = ComparerRun.Compare("slower", "baseline", "--fail-on-regression");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(ReadMany100, Assert.Single(run.Section("Faster"), line => line.StartsWith("| `", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void Regressions_are_sorted_by_ratio_and_top_cuts_the_table_visibly()
    {
        var run = ComparerRun.Compare("baseline", "broad", "--top", "2");

        var rows = run.Section("Slower").Where(line => line.StartsWith("| `", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("ReadOne(Count: 100)", rows[0], StringComparison.Ordinal);
        Assert.Contains("| 1.400 |", rows[0], StringComparison.Ordinal);
        Assert.Contains("ReadMany(Count: 10)", rows[1], StringComparison.Ordinal);
        Assert.Contains(run.Section("Slower"), line => line.Contains("and 2 more, cut by --top 2", StringComparison.Ordinal));
        Assert.Contains("## Slower (4)", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Benchmarks_on_one_side_only_are_listed_as_added_and_removed()
    {
        var run = ComparerRun.Compare("baseline", "mixed");

        var added = Assert.Single(run.Section("Added (only in diff)"));
        Assert.Contains("ReadBenchmarks.ReadOne(Count: 1000)", added, StringComparison.Ordinal);
        var removed = Assert.Single(run.Section("Removed (only in base)"));
        Assert.Contains("ReadBenchmarks.ReadOne(Count: 10)`", removed, StringComparison.Ordinal);
        Assert.Contains("1 added, 1 removed", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Failed_benchmark_is_listed_as_failed_and_counts_as_a_regression()
    {
        var run = ComparerRun.Compare("baseline", "mixed", "--fail-on-regression");

        var failed = Assert.Single(run.Section("Failed"));
        Assert.Contains("ReadBenchmarks.ReadMany(Count: 10)", failed, StringComparison.Ordinal);
        Assert.Contains("failed in diff only", failed, StringComparison.Ordinal);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("1 failing only in diff", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_few_measurements_make_the_verdict_unknown()
    {
        var run = ComparerRun.Compare("baseline", "mixed");

        var unknown = Assert.Single(run.Section("Unknown"));
        Assert.Contains("ReadBenchmarks.ReadOne(Count: 100)", unknown, StringComparison.Ordinal);
        Assert.Contains("too few measurements: base 8, diff 2", unknown, StringComparison.Ordinal);
        Assert.Contains(ReadMany100, Assert.Single(run.Section("Faster"), line => line.StartsWith("| `", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_is_dropped_every_benchmark_is_counted_somewhere()
    {
        var run = ComparerRun.Compare("baseline", "mixed");

        // Base 5 and diff 5 benchmarks: 4 matched (faster, unknown, failed, same), 1 added, 1 removed.
        Assert.Contains("**Summary:** 0 slower, 1 faster, 1 same, 1 unknown, 1 failed; 1 added, 1 removed", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Allocation_increase_is_detected()
    {
        var run = ComparerRun.Compare("baseline", "alloc", "--fail-on-regression");

        Assert.Equal(1, run.ExitCode);
        var row = Assert.Single(run.Section("More allocated"), line => line.StartsWith("| `", StringComparison.Ordinal));
        Assert.Contains("WriteBenchmarks.WriteOne(Count: 10)", row, StringComparison.Ordinal);
        Assert.Contains("| 1,024 B | 1,056 B | +32 B |", row, StringComparison.Ordinal);
        Assert.Contains("0 slower", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Allocation_change_within_alloc_threshold_is_not_a_regression()
    {
        var run = ComparerRun.Compare("baseline", "alloc", "--fail-on-regression", "--alloc-threshold", "32");

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Section("More allocated"));
    }

    [Fact]
    public void Allocation_decrease_is_listed_as_less_allocated()
    {
        var run = ComparerRun.Compare("alloc", "baseline", "--fail-on-regression");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("| -32 B |", Assert.Single(run.Section("Less allocated"), line => line.StartsWith("| `", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_names_are_reported_with_their_files()
    {
        var run = ComparerRun.Compare("baseline", "duplicate");

        var duplicate = Assert.Single(run.Section("Duplicate names (the first occurrence is compared)"));
        Assert.Contains(ReadMany100, duplicate, StringComparison.Ordinal);
        Assert.Contains("2 times in diff", duplicate, StringComparison.Ordinal);
        Assert.Contains(Path.Combine("again", "ReadBenchmarks-report-full.json"), duplicate, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_exits_2_naming_the_file()
    {
        var run = ComparerRun.Compare("baseline", "malformed");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(Path.Combine("malformed", "ReadBenchmarks-report-full.json"), run.Error, StringComparison.Ordinal);
        Assert.Contains("not valid BenchmarkDotNet JSON", run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public void Sides_without_a_benchmark_in_common_exit_2_instead_of_passing()
    {
        var run = ComparerRun.Compare("baseline", "real", "--fail-on-regression");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no benchmark is in both --base", run.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was compared", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Single_launch_sides_decide_nothing_which_fails_only_with_fail_on_unknown_and_every_row_shows_its_medians()
    {
        string[] sides = ["--base", ComparerRun.TestData("baseline"), "--diff", ComparerRun.TestData("slower"), "--threshold", "5%"];

        var lenient = ComparerRun.Invoke(sides);
        var strict = ComparerRun.Invoke([.. sides, "--fail-on-unknown"]);

        Assert.Equal(0, lenient.ExitCode);
        Assert.Equal(1, strict.ExitCode);
        Assert.Contains("nothing compared", strict.Error, StringComparison.Ordinal);
        string row = lenient.Row("Every benchmark", "ReadMany(Count: 10)");
        var cells = row.Split('|').Select(c => c.Trim()).ToList();
        Assert.Equal("unknown", cells[2]);
        Assert.Matches(@"^[0-9.,]+ \S+$", cells[3]);
        Assert.Matches(@"^[0-9.,]+ \S+$", cells[4]);
    }

    [Fact]
    public void Missing_folder_exits_2_naming_it()
    {
        string missing = ComparerRun.TestData("no-such-folder");

        var run = ComparerRun.Invoke("--base", ComparerRun.TestData("baseline"), "--diff", missing, "--threshold", "5%");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--diff: '{missing}' does not exist", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Folder_without_reports_exits_2()
    {
        string empty = Directory.CreateTempSubdirectory("comparer-empty-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(empty, "Bench-report.json"), "{}");

            var run = ComparerRun.Invoke("--base", empty, "--diff", ComparerRun.TestData("baseline"), "--threshold", "5%");

            Assert.Equal(2, run.ExitCode);
            Assert.Contains("--base: no *-report-full.json files under", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void A_single_report_file_is_accepted_on_either_side()
    {
        string file = ComparerRun.TestData("slower", "ReadBenchmarks-report-full.json");

        var run = ComparerRun.Invoke("--base", ComparerRun.TestData("baseline", "ReadBenchmarks-report-full.json"), "--diff", file, "--threshold", "5%", "--unit", "iteration", "--fail-on-regression");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("| diff | `" + file + "` | 1 | 4 |", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_file_gets_the_same_report()
    {
        string folder = Directory.CreateTempSubdirectory("comparer-md-").FullName;
        try
        {
            string path = Path.Combine(folder, "sub", "comparison.md");

            var run = ComparerRun.Compare("baseline", "slower", "--md", path);

            Assert.Equal(0, run.ExitCode);
            Assert.Equal(run.Output, File.ReadAllText(path));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Real_benchmarkdotnet_report_is_read_including_failed_and_nan_fields()
    {
        // BenchmarkDotNet removed one of Alloc's 5 iterations as an outlier: 4 per side reach alpha 0.05, not 0.01.
        var run = ComparerRun.Compare("real", "real", "--alpha", "0.05");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("`Bench.Fails(N: 100)` — failed on both sides", run.Output, StringComparison.Ordinal);
        Assert.Contains("0 slower, 0 faster, 2 same, 0 unknown, 1 failed", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Real_report_with_4_result_iterations_is_unknown_at_the_default_alpha()
    {
        var run = ComparerRun.Compare("real", "real");

        Assert.Contains("too few measurements for alpha 0.001: base 4, diff 4 cannot reach it (7 per side can)", run.Output, StringComparison.Ordinal);
    }
}
