using ImageStorage.ResultsComparer.Noise;

namespace ImageStorage.ResultsComparer.Tests;

public sealed class InterleavedTests
{
    private const string ReadMany10 = "ImageStorage.Benchmarks.Micro.ReadBenchmarks.ReadMany(Count: 10)";
    private const string ReadMany100 = "ImageStorage.Benchmarks.Micro.ReadBenchmarks.ReadMany(Count: 100)";
    private const string ReadOne100 = "ImageStorage.Benchmarks.Micro.ReadBenchmarks.ReadOne(Count: 100)";

    [Fact]
    public void Same_commit_rounds_flag_nothing_even_with_allocations_moving_by_tens_of_kilobytes()
    {
        // ReadMany(Count: 100) allocates 40 KB ± 20 KB per launch, as the PNG reader's thread-pool work items do: the
        // launches' own spread sets its tolerance.
        var run = ComparerRun.Interleaved("interleaved-aa", "--fail-on-regression");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("**Summary:** 0 slower, 0 faster, 4 same, 0 unknown, 0 failed", run.Output, StringComparison.Ordinal);
        Assert.Contains("allocations: 0 more, 0 less, 0 unknown, 0 not measured", run.Output, StringComparison.Ordinal);
        Assert.Contains("**Verdict:** no regressions.", run.Output, StringComparison.Ordinal);
        Assert.Contains("6 interleaved rounds, paired", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_consistent_slowdown_is_slower_and_a_consistent_allocation_increase_is_more()
    {
        var run = ComparerRun.Interleaved("interleaved-slower", "--fail-on-regression");

        Assert.Equal(1, run.ExitCode);
        string slower = run.Row("Slower", ReadMany100);
        Assert.Contains("| 6/6 |", slower, StringComparison.Ordinal);
        Assert.Contains("| 5.0% |", slower, StringComparison.Ordinal);
        Assert.Contains("| 96 B | 128 B | +32 B |", run.Row("More allocated", ReadMany10), StringComparison.Ordinal);
        Assert.Contains("2 regressions (1 slower, 1 allocating more", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_every_benchmark_table_gives_the_smallest_detectable_change()
    {
        var run = ComparerRun.Interleaved("interleaved-aa");

        string row = run.Row("Every benchmark", ReadMany100);
        Assert.Matches(@"\| same \| [0-9.]+ \S+ \| [0-9.]+ \S+ \| [0-9.]+ \| [0-9.]+–[0-9.]+ \| 5\.0% \(--threshold 5%\) \| ≥ [0-9.]+% \|", row);
    }

    [Fact]
    public void A_change_inside_the_launch_noise_is_unknown_not_slower()
    {
        // ReadOne(Count: 100) is 10% slower in the diff, but its launches move by ±15%.
        var run = ComparerRun.Interleaved("interleaved-noisy", "--fail-on-regression");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("inconclusive", Assert.Single(run.Section("Unknown"), line => line.Contains(ReadOne100, StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void Too_few_rounds_are_unknown_never_slower()
    {
        var run = ComparerRun.Interleaved("interleaved-few", "--fail-on-regression");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(4, run.Section("Unknown").Count);
        Assert.All(run.Section("Unknown"), line => Assert.Contains("3 paired rounds cannot reach alpha 0.05: the signed-rank test needs at least 5", line, StringComparison.Ordinal));
    }

    [Fact]
    public void Independent_launches_of_one_sitting_per_side_are_compared_with_the_rank_sum_test()
    {
        var run = ComparerRun.Invoke("--base", ComparerRun.TestData("launches", "base"), "--diff", ComparerRun.TestData("launches", "diff"), "--threshold", "5%");

        Assert.Contains("| 6/6 |", run.Row("Slower", ReadMany100), StringComparison.Ordinal);
        Assert.Contains("launches of the two sides as independent samples (Mann–Whitney)", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Single_launch_reports_are_unknown_by_launch_and_the_hint_names_the_iteration_test()
    {
        var run = ComparerRun.Invoke("--base", ComparerRun.TestData("baseline"), "--diff", ComparerRun.TestData("slower"), "--threshold", "5%", "--fail-on-regression");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("0 slower, 0 faster, 0 same, 5 unknown", run.Output, StringComparison.Ordinal);
        Assert.Contains("--unit iteration", run.Section("Unknown")[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Calibration_turns_an_aa_run_into_noise_that_raises_the_threshold_of_noisy_benchmarks_only()
    {
        string folder = Directory.CreateTempSubdirectory("comparer-noise-").FullName;
        try
        {
            string noiseFile = Path.Combine(folder, "noise.json");
            var calibrate = ComparerRun.Invoke("calibrate", "--interleaved", ComparerRun.TestData("interleaved-noisy-aa"), "--noise-file", noiseFile);
            Assert.Equal(0, calibrate.ExitCode);

            var noise = NoiseTable.Read(noiseFile);
            Assert.Equal(4, noise.Count);
            Assert.InRange(noise.Find(ReadOne100)!.TimeNoise, 0.1, 0.4);
            Assert.InRange(noise.Find(ReadMany100)!.TimeNoise, 0.005, 0.06);
            Assert.Equal(8, noise.Find(ReadMany100)!.Rounds);

            // ReadOne(Count: 100)'s launches move by ±15%: its threshold rises far above 5%; the quiet ones stay near it.
            var run = ComparerRun.Interleaved("interleaved-noisy", "--noise-file", noiseFile, "--fail-on-regression");
            Assert.Equal(0, run.ExitCode);
            Assert.InRange(Threshold(run.Row("Every benchmark", ReadOne100)), 25, 80);
            Assert.Contains("(noise file: 2 × ", run.Row("Every benchmark", ReadOne100), StringComparison.Ordinal);
            Assert.InRange(Threshold(run.Row("Every benchmark", ReadMany100)), 5, 8);
            Assert.Contains("(--threshold 5%)", ComparerRun.Interleaved("interleaved-noisy").Row("Every benchmark", ReadMany100), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Calibration_refuses_a_run_of_two_different_commits()
    {
        string folder = CopyOf("interleaved-few");
        try
        {
            File.WriteAllText(Path.Combine(folder, "run.json"), """{"format": "imagestorage-interleaved-run", "base": {"commit": "aaa"}, "diff": {"commit": "bbb"}}""");

            var run = ComparerRun.Invoke("calibrate", "--interleaved", folder, "--noise-file", Path.Combine(folder, "noise.json"));

            Assert.Equal(2, run.ExitCode);
            Assert.Contains("two different builds (aaa and bbb)", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_run_record_names_the_commits_in_the_report()
    {
        string folder = CopyOf("interleaved-aa");
        try
        {
            File.WriteAllText(Path.Combine(folder, "run.json"), """{"format": "imagestorage-interleaved-run", "base": {"revision": "main", "commit": "0123456789abcdef"}, "diff": {"revision": "working tree", "commit": "fedcba9876543210"}, "suiteArguments": ["--launches", "1"], "totalSeconds": 125}""");

            var run = ComparerRun.Invoke("--interleaved", folder, "--threshold", "5%");

            Assert.Contains("Interleaved run: base main (0123456789), diff working tree (fedcba9876); suite arguments `--launches 1`; 2 min 05 s in all.", run.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("{}", "is not a noise file written by the calibrate command")]
    [InlineData("{\"format\": \"imagestorage-comparer-noise\", \"version\": 9, \"benchmarks\": []}", "has version 9")]
    [InlineData("{\"format\": \"imagestorage-comparer-noise\", \"version\": 1, \"benchmarks\": [{\"fullName\": \"X\", \"timeNoise\": -1}]}", "benchmark #0 needs")]
    [InlineData("{\"format\": ", "is not valid JSON")]
    public void A_bad_noise_file_exits_2_naming_it(string json, string expected)
    {
        string path = Path.Combine(Path.GetTempPath(), $"comparer-{Guid.NewGuid():N}-noise.json");
        File.WriteAllText(path, json);
        try
        {
            var run = ComparerRun.Interleaved("interleaved-aa", "--noise-file", path);

            Assert.Equal(2, run.ExitCode);
            Assert.Contains($"--noise-file: '{path}'", run.Error, StringComparison.Ordinal);
            Assert.Contains(expected, run.Error, StringComparison.Ordinal);
            Assert.Single(run.Error.Trim().Split('\n'));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_round_without_a_diff_folder_exits_2_naming_it()
    {
        var run = ComparerRun.Interleaved("interleaved-broken");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(Path.Combine("interleaved-broken", "round-02", "diff") + "' is missing", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_rounds_exits_2()
    {
        var run = ComparerRun.Interleaved("baseline");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no round-NN folders under", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--base", "x")]
    [InlineData("--unit", "iteration")]
    public void Interleaved_input_does_not_mix_with_sides_or_the_iteration_test(string option, string value)
    {
        var run = ComparerRun.Interleaved("interleaved-aa", option, value);

        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public void The_html_report_draws_a_strip_chart_for_each_flagged_benchmark()
    {
        string folder = Directory.CreateTempSubdirectory("comparer-html-").FullName;
        try
        {
            string flaggedPage = Path.Combine(folder, "slower.html");
            string quietPage = Path.Combine(folder, "aa.html");

            ComparerRun.Interleaved("interleaved-slower", "--html", flaggedPage);
            ComparerRun.Interleaved("interleaved-aa", "--html", quietPage);

            string flagged = File.ReadAllText(flaggedPage);
            var images = PngImages(flagged);
            Assert.Contains("<h2>Flagged (2)</h2>", flagged, StringComparison.Ordinal);
            Assert.Equal(3, images.Count); // the slower one's times; the allocating one's times and allocations
            Assert.All(images, png => Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]));
            Assert.Contains("<td>6</td>", flagged, StringComparison.Ordinal);

            string quiet = File.ReadAllText(quietPage);
            Assert.Contains("<h2>Flagged (0)</h2>", quiet, StringComparison.Ordinal);
            Assert.Empty(PngImages(quiet));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // The "Threshold (from)" cell of an every-benchmark row, in percent.
    private static double Threshold(string row) =>
        double.Parse(row.Split('|')[7].Trim().Split('%')[0], System.Globalization.CultureInfo.InvariantCulture);

    private static List<byte[]> PngImages(string html)
    {
        const string prefix = "src=\"data:image/png;base64,";
        var images = new List<byte[]>();
        for (int at = html.IndexOf(prefix, StringComparison.Ordinal); at >= 0; at = html.IndexOf(prefix, at + 1, StringComparison.Ordinal))
        {
            int start = at + prefix.Length;
            images.Add(Convert.FromBase64String(html[start..html.IndexOf('"', start)]));
        }

        return images;
    }

    private static string CopyOf(string fixture)
    {
        string target = Directory.CreateTempSubdirectory("comparer-rounds-").FullName;
        string source = ComparerRun.TestData(fixture);
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }
}
