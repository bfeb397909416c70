using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace ImageStorage.Benchmarks.Fleet;

/// <summary>
/// Starts one <see cref="FleetRank"/> process per rank, rank k in host k's namespace reaching the store through the
/// proxy's address on its veth pair, waits until every one has opened the store, starts them together and collects
/// what each read. A rank that fails fails the measurement with its own error line.
/// </summary>
public static class FleetRanks
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(30);

    /// <summary>Runs <paramref name="world"/> ranks reading <paramref name="location"/> for <paramref name="epochs"/> epochs; returns their results.</summary>
    public static IReadOnlyList<FleetRankResult> Run(FleetNetwork network, int proxyPort, string location, int world, string expected, int epochs, string? cacheFolder = null, bool verify = false)
    {
        ArgumentNullException.ThrowIfNull(network);
        var ranks = new List<Process>();
        try
        {
            for (int k = 0; k < world; k++)
            {
                ranks.Add(Start(network, k, proxyPort, location, world, expected, epochs, cacheFolder is null ? "-" : Path.Combine(cacheFolder, $"host{k}"), verify));
            }

            foreach (var rank in ranks)
            {
                Expect(rank, "ready");
            }

            foreach (var rank in ranks)
            {
                rank.StandardInput.WriteLine("go");
                rank.StandardInput.Flush();
            }

            var results = new List<FleetRankResult>();
            foreach (var rank in ranks)
            {
                string line = rank.StandardOutput.ReadLine() ?? "";
                if (!rank.WaitForExit(Patience) || rank.ExitCode != 0 || !line.StartsWith('{'))
                {
                    throw new InvalidOperationException($"a fleet rank reading {location} failed: {Failure(rank, line)}");
                }

                results.Add(JsonSerializer.Deserialize<FleetRankResult>(line) ?? throw new InvalidDataException("empty rank result"));
            }

            return results;
        }
        finally
        {
            foreach (var rank in ranks)
            {
                if (!rank.HasExited)
                {
                    rank.Kill(entireProcessTree: true);
                }

                rank.Dispose();
            }
        }
    }

    private static Process Start(FleetNetwork network, int k, int proxyPort, string location, int world, string expected, int epochs, string cache, bool verify)
    {
        var start = new ProcessStartInfo("ip")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string a in (string[])["netns", "exec", network.Namespace(k), .. SelfCommand(),
            "--fleet-rank", location, Int(k), Int(world), expected, Int(epochs), cache, verify ? "1" : "0"])
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["AWS_ENDPOINT_URL"] = $"http://{FleetNetwork.HostAddress(k)}:{proxyPort}";
        start.Environment.Remove("AWS_ENDPOINT_URL_S3");
        return Process.Start(start) ?? throw new InvalidOperationException("could not start a fleet rank");
    }

    // This program again: the apphost, or `dotnet <dll>` when it was started through the dotnet host.
    private static string[] SelfCommand()
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        return Path.GetFileNameWithoutExtension(self) == "dotnet" ? [self, typeof(FleetRanks).Assembly.Location] : [self];
    }

    private static void Expect(Process rank, string word)
    {
        string? line = rank.StandardOutput.ReadLine();
        if (line != word)
        {
            rank.WaitForExit(TimeSpan.FromSeconds(10));
            throw new InvalidOperationException($"a fleet rank did not start: {Failure(rank, line)}");
        }
    }

    private static string Failure(Process rank, string? line)
    {
        string error = rank.HasExited ? rank.StandardError.ReadToEnd().Trim() : "(still running)";
        return string.Join(" ", new[] { line, error }.Where(s => !string.IsNullOrWhiteSpace(s))).ReplaceLineEndings(" ");
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
