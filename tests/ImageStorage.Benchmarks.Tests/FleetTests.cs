using System.Diagnostics;

namespace ImageStorage.Benchmarks.Tests;

/// <summary>The fleet benchmark for real, at a tiny size: a Ceph RGW of its own, ranks in network namespaces, the proxy's round trips. Needs root and Ceph, as CI has.</summary>
public sealed class FleetTests
{
    [Fact]
    public void A_small_fleet_run_reads_through_namespaces_draws_its_charts_and_leaves_nothing_behind()
    {
        using var folder = new TempDirectory();
        string output = Path.Combine(folder.Path, "fleet");
        var outcome = SuiteProgram.Run(TimeSpan.FromMinutes(5), "--fleet", "--count", "600", "--rtt", "0,5", "--ranks", "1,2", "--artifacts", output);

        Assert.True(outcome.ExitCode == 0, outcome.Error + outcome.Output);
        string md = File.ReadAllText(Path.Combine(output, "fleet.md"));
        // Every layout, round trip and rank count has its epoch row, every rank having read its share.
        foreach (string layout in new[] { "objects", "shards" })
        {
            foreach (string rtt in new[] { "0 ms", "5 ms" })
            {
                foreach (string ranks in new[] { "1", "2" })
                {
                    Assert.Contains($"| epoch | {layout} | {rtt} | {ranks} | 600 |", md, StringComparison.Ordinal);
                }
            }
        }

        Assert.Contains("shards ÷ objects, one rank's epoch at 5 ms", md, StringComparison.Ordinal);
        Assert.Contains("cache-hit epoch ÷ local Raw epoch", md, StringComparison.Ordinal);
        // The proxy added about the round trip it was set to (more, never less; at most a few ms more on a busy machine).
        var added = Lines(outcome.Error, "proxy set to 5 ms adds ").Single();
        Assert.InRange(double.Parse(added.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture), 4.5, 15);
        foreach (string chart in new[] { "fleet-ranks.png", "fleet-round-trip.png" })
        {
            Assert.True(new FileInfo(Path.Combine(output, chart)).Length > 10_000, chart);
        }

        Assert.DoesNotContain("isf", Run("ip", "netns", "list"), StringComparison.Ordinal);
        Assert.DoesNotContain("/tmp/isf-", Run("ps", "-eo", "args"), StringComparison.Ordinal);
    }

    private static IEnumerable<string> Lines(string text, string marker) =>
        text.Split('\n').Where(l => l.Contains(marker, StringComparison.Ordinal)).Select(l => l[(l.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..]);

    private static string Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
