using ImageStorage.Benchmarks.Reports;
using ImageStorage.Benchmarks.Reports.Charts;

namespace ImageStorage.Benchmarks.Tests;

/// <summary>The epoch chart's title fits across the figure when the methods ran at two counts (the title of a full run was cut off at both ends).</summary>
public sealed class EpochChartTests
{
    [Fact]
    public void Mixed_counts_put_one_count_on_each_title_line()
    {
        var run = RunRecord.Load(Path.Combine(AppContext.BaseDirectory, "TestData", "smoke-run"));
        var rows = run.Results.Where(r => r.Experiment is "Epoch" or "TensorEpoch")
            .Select(r => r.Method == "Png" ? r with { Count = 10_000 } : r with { Count = 100_000 })
            .ToList();
        Assert.Contains(rows, r => r.Method == "Png");
        using var folder = new TempDirectory();
        string file = Path.Combine(folder.Path, "epoch.png");

        string title = ExperimentCharts.Draw(ChartPlan.Known.Single(c => c.Name == "epoch"), rows, file);

        Assert.True(File.Exists(file));
        Assert.Contains("10,000 images for PNG", title, StringComparison.Ordinal);
        Assert.All(title.Split('\n'), line => Assert.True(line.Length <= ExperimentCharts.MaxTitleLine, $"title line of {line.Length} characters: {line}"));
    }
}
