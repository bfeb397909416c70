namespace ImageStorage.ResultsComparer.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Help_lists_the_options_and_the_exit_codes()
    {
        var run = ComparerRun.Invoke("--help");

        Assert.Equal(0, run.ExitCode);
        foreach (string option in new[] { "--base", "--diff", "--threshold", "--noise", "--alpha", "--alloc-threshold", "--md", "--fail-on-regression", "--top" })
        {
            Assert.Contains(option, run.Output, StringComparison.Ordinal);
        }

        Assert.Contains("Exit codes:", run.Output, StringComparison.Ordinal);
        Assert.Contains("2  bad input", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_option_exits_2_not_1()
    {
        var run = ComparerRun.Invoke("--base", ComparerRun.TestData("baseline"), "--threshold", "5%");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--diff", run.Error, StringComparison.Ordinal);
        Assert.Contains("--help", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--threshold", "5")]
    [InlineData("--threshold", "-5%")]
    [InlineData("--threshold", "5KB")]
    [InlineData("--threshold", "5%|1ns")]
    [InlineData("--noise", "5%")]
    [InlineData("--alpha", "0.7")]
    [InlineData("--alloc-threshold", "-1")]
    [InlineData("--top", "0")]
    public void Bad_option_values_exit_2_naming_the_option(string option, string value)
    {
        string[] args = ["--base", ComparerRun.TestData("baseline"), "--diff", ComparerRun.TestData("baseline"), "--threshold", "5%", option, value];

        var run = ComparerRun.Invoke(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(option, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_argument_exits_2()
    {
        var run = ComparerRun.Invoke("--base", "a", "--diff", "b", "--threshold", "5%", "--frobnicate");

        Assert.Equal(2, run.ExitCode);
    }
}
