using System.Text;

namespace ImageStorage.Benchmarks.Tests;

/// <summary>
/// Each mistake a user or a CI recipe can make ends the real program at once with exit code 2 and a clear message,
/// never "Unhandled exception", a stack trace, exit code 0, or a silent run of everything.
/// </summary>
public sealed class MistakesTests
{
    [Fact]
    public void A_filter_that_matches_nothing_fails_and_lists_the_benchmarks()
    {
        string error = RefusedWithNothingWritten("--filter", "*Reed*");

        Assert.Contains("no benchmark matches the selection *Reed*", error, StringComparison.Ordinal);
        Assert.Contains("ImageStorage.Benchmarks.Macro.ReadMany.Read", error, StringComparison.Ordinal);
        Assert.Contains("ImageStorage.Benchmarks.Micro.StoreSingle.Store", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Suite_switches_without_a_filter_print_the_plan_and_run_nothing()
    {
        string error = RefusedWithNothingWritten("--counts", "5");

        Assert.Contains("no --filter given", error, StringComparison.Ordinal);
        Assert.Matches(@"\d+ benchmark cases; estimated time about ", error);
        Assert.Contains("ReadMany", error, StringComparison.Ordinal);
        Assert.Contains("images: 5", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_questions_and_epochs_run_at_ten_thousand_unless_question_count_says_otherwise()
    {
        string plain = RefusedWithNothingWritten("--counts", "100000");
        Assert.Matches(@"Epoch +48 cases +images: 1,000, 10,000\r?\n", plain);
        Assert.Matches(@"AccessOrder +\d+ cases +images: 10,000\r?\n", plain);
        Assert.Matches(@"ChecksumReads +16 cases +images: 10,000, 100,000\r?\n", plain);

        Assert.Matches(@"EncodedRecords +\d+ cases +images: 1,000\r?\n", plain);

        // PNG epochs stay at 1,000: they decode every image.
        string asked = RefusedWithNothingWritten("--counts", "100000", "--question-count", "100000");
        Assert.Matches(@"Epoch +48 cases +images: 1,000, 100,000\r?\n", asked);
        Assert.Matches(@"AccessOrder +\d+ cases +images: 100,000\r?\n", asked);
    }

    [Fact]
    public void A_missing_cifar_folder_is_one_line_naming_it()
    {
        using var artifacts = new TempDirectory();
        string missing = Path.Combine(artifacts.Path, "no-such-cifar");
        var run = SuiteProgram.Run("--dataset", "cifar10:" + missing, "--filter", "*ReadMany*", "--artifacts", Path.Combine(artifacts.Path, "run"));

        Assert.Equal(2, run.ExitCode);
        AssertOneErrorLineNaming(run, missing);
        Assert.False(Directory.Exists(Path.Combine(artifacts.Path, "run")), "nothing is written for a run that cannot start");
    }

    [Fact]
    public void A_hostile_pickle_in_the_cifar_folder_is_one_line_naming_it_and_never_runs()
    {
        using var artifacts = new TempDirectory();
        string cifar = Directory.CreateDirectory(Path.Combine(artifacts.Path, "cifar")).FullName;
        string pickle = Path.Combine(cifar, "data_batch_1");
        string marker = Path.Combine(artifacts.Path, "pwned");

        // Protocol 2: GLOBAL os.system, one string argument, REDUCE — what pickle.loads would execute.
        var bytes = new List<byte> { 0x80, 0x02, (byte)'c' };
        bytes.AddRange("os\nsystem\n"u8.ToArray());
        byte[] command = Encoding.UTF8.GetBytes("touch " + marker);
        bytes.Add((byte)'X');
        bytes.AddRange(BitConverter.GetBytes(command.Length));
        bytes.AddRange(command);
        bytes.AddRange([0x85, (byte)'R', (byte)'.']);
        File.WriteAllBytes(pickle, [.. bytes]);

        var run = SuiteProgram.Run("--dataset", "cifar10:" + cifar, "--filter", "*ReadMany*", "--artifacts", Path.Combine(artifacts.Path, "run"));

        Assert.Equal(2, run.ExitCode);
        AssertOneErrorLineNaming(run, pickle);
        Assert.False(File.Exists(marker), "the pickle's os.system must never run");
    }

    [Fact]
    public void An_artifacts_folder_that_cannot_be_written_is_one_line_naming_it()
    {
        using var artifacts = new TempDirectory();
        // A regular file where a folder must go: unwritable for every user, root included.
        string file = Path.Combine(artifacts.Path, "a-file");
        File.WriteAllText(file, "not a folder");
        string target = Path.Combine(file, "run");

        var run = SuiteProgram.Run("--smoke", "--filter", "*ReadMany*", "--artifacts", target);

        Assert.Equal(2, run.ExitCode);
        AssertOneErrorLineNaming(run, file);
    }

    [Fact]
    public void A_malformed_switch_is_one_line()
    {
        var run = SuiteProgram.Run("--counts", "ten", "--filter", "*");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: --counts takes positive whole numbers", run.Error, StringComparison.Ordinal);
        AssertNoCrash(run);

        var two = SuiteProgram.Run("--question-count", "10,100", "--filter", "*");
        Assert.Equal(2, two.ExitCode);
        Assert.Contains("error: --question-count takes one count.", two.Error, StringComparison.Ordinal);
        AssertNoCrash(two);
    }

    // Runs the program with a command line it must refuse before writing anything; returns what it printed on stderr.
    private static string RefusedWithNothingWritten(params string[] arguments)
    {
        using var artifacts = new TempDirectory();
        var run = SuiteProgram.Run([.. arguments, "--artifacts", artifacts.Path]);
        Assert.Equal(2, run.ExitCode);
        AssertNoCrash(run);
        Assert.Empty(Directory.GetFileSystemEntries(artifacts.Path));
        return run.Error;
    }

    private static void AssertOneErrorLineNaming(SuiteProgram.Outcome run, string path)
    {
        AssertNoCrash(run);
        var errors = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(errors.Length == 1, $"expected one line on stderr, got: {run.Error}");
        Assert.StartsWith("error: ", errors[0], StringComparison.Ordinal);
        Assert.Contains(path, errors[0], StringComparison.Ordinal);
    }

    private static void AssertNoCrash(SuiteProgram.Outcome run)
    {
        string all = run.Output + run.Error;
        Assert.DoesNotContain("Unhandled exception", all, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
    }
}
