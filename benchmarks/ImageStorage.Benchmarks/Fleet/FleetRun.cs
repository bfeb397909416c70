using System.Diagnostics;
using System.Globalization;
using System.Net;
using ImageStorage.Benchmarks.Infrastructure;
using ImageStorage.Benchmarks.Reports;
using ImageStorage.Benchmarks.Running;
using ImageStorage.Datasets;
using ImageStorage.S3;

namespace ImageStorage.Benchmarks.Fleet;

/// <summary>
/// The "more than one machine" benchmark (<c>--fleet</c>): a real Ceph RGW of its own, reader processes on other
/// "hosts" (network namespaces), a delaying proxy for the round trip, and per layout and round trip: store many,
/// read many, and one epoch read by 1, 2, 4, 8 ranks together, plus cache-hit epochs against a local Raw store.
/// Writes <c>fleet.json</c>, <c>fleet.md</c> and its charts into <c>artifacts/fleet/&lt;UTC time&gt;-&lt;commit&gt;</c>.
/// </summary>
public static class FleetRun
{
    private const string Bucket = "fleet";
    private const int ReadManyCount = 10_000;

    /// <summary>Runs it; the switches are <see cref="FleetSettings"/>'.</summary>
    public static int Execute(string[] args)
    {
        var settings = FleetSettings.Parse(args);
        if (!Environment.IsPrivilegedProcess)
        {
            throw new ArgumentException("--fleet makes network namespaces, which needs root (run it with sudo).");
        }

        string repository = Path.GetDirectoryName(ArtifactsRoot.Path)!;
        string output = settings.Output ?? Path.Combine(ArtifactsRoot.Path, "fleet", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{GitState.Of(repository).ShortCommit}");
        Directory.CreateDirectory(output);
        string work = Path.Combine(Path.GetTempPath(), "isf-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        Log($"fleet: {Units.Images(settings.Count)}, round trips {string.Join(", ", settings.RoundTripsMs)} ms, ranks {string.Join(", ", settings.Ranks)}; work in {work}, results in {output}");

        var images = SyntheticImages.Generate(settings.Count, BenchmarkData.Seed);
        string expected = Path.Combine(work, "expected.crc32");
        FleetChecksums.Save(expected, images);
        var rows = new List<FleetRow>();
        try
        {
            Measure(settings, images, expected, work, repository, rows);
        }
        finally
        {
            // After the cluster stopped: its pid files are in the work folder.
            TryDelete(work);
        }

        var report = new FleetReport(settings, rows);
        report.Write(output);
        Console.WriteLine(File.ReadAllText(Path.Combine(output, "fleet.md")));
        Log($"fleet: wrote {output}");
        return ExitCodes.Success;
    }

    private static void Measure(FleetSettings settings, ImageBatch images, string expected, string work, string repository, List<FleetRow> rows)
    {
        using var ceph = new FleetCeph(repository, Path.Combine(work, "ceph"));
        using var network = new FleetNetwork(settings.Ranks.Max());
        var proxy = new DelayProxy(new IPEndPoint(IPAddress.Any, 0), new IPEndPoint(IPAddress.Loopback, ceph.Port), TimeSpan.Zero);
        try
        {
            // The driver's own writes and reads go through the proxy too, from this host's loopback.
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL", $"http://127.0.0.1:{proxy.Port}");
            using (var client = S3Client.FromEnvironment())
            {
                client.PutBucketAsync(Bucket).GetAwaiter().GetResult();
            }

            foreach (int rtt in settings.RoundTripsMs)
            {
                proxy.RoundTrip = TimeSpan.FromMilliseconds(rtt);
                rows.Add(FleetMeasure.AddedRoundTrip(ceph.Port, proxy.Port, rtt));
                foreach (var kind in settings.Kinds)
                {
                    string location = Location(kind, rtt);
                    rows.Add(FleetMeasure.Once("store many", kind, rtt, 1, settings.Count, ceph, () => ImageStores.Write(kind, location, images)));
                    rows.Add(FleetMeasure.ReadMany(kind, rtt, location, images, ReadManyCount, ceph));
                    foreach (int world in settings.Ranks)
                    {
                        rows.Add(FleetMeasure.Epoch(kind, rtt, world, ceph, () => FleetRanks.Run(network, proxy.Port, location, world, expected, 1)));
                        Log(rows[^1].ToString());
                    }
                }
            }

            rows.AddRange(FleetMeasure.CacheEpochs(settings, network, proxy, ceph, images, expected, work));
        }
        finally
        {
            proxy.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Where the store of <paramref name="kind"/> written at round trip <paramref name="rtt"/> is.</summary>
    public static string Location(StoreKind kind, int rtt) => $"s3://{Bucket}/{Layout(kind)}-{rtt}ms";

    /// <summary>The layout's word in the tables: objects or shards.</summary>
    public static string Layout(StoreKind kind) => kind == StoreKind.S3Objects ? "objects" : kind == StoreKind.S3Shards ? "shards" : "local Raw";

    /// <summary>One progress line on standard error, stamped.</summary>
    public static void Log(string line) => Console.Error.WriteLine($"{DateTime.Now:HH:mm:ss} {line}");

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log($"could not delete {folder}: {e.Message}");
        }
    }
}

/// <summary>The fleet benchmark's switches: <c>--count</c>, <c>--rtt 0,1,10</c>, <c>--ranks 1,2,4,8</c>, <c>--layouts objects,shards</c>, <c>--artifacts</c>.</summary>
/// <param name="Count">Images in the store.</param>
/// <param name="RoundTripsMs">Round trips the proxy adds, in milliseconds.</param>
/// <param name="Ranks">Reader counts.</param>
/// <param name="Kinds">The S3 kinds.</param>
/// <param name="Output">The results folder, or null for a new one under artifacts/fleet.</param>
public sealed record FleetSettings(int Count, int[] RoundTripsMs, int[] Ranks, StoreKind[] Kinds, string? Output)
{
    /// <summary>Parses the switches after <c>--fleet</c>.</summary>
    public static FleetSettings Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = new FleetSettings(100_000, [0, 1, 10], [1, 2, 4, 8], [StoreKind.S3Objects, StoreKind.S3Shards], null);
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            settings = args[i] switch
            {
                "--count" => settings with { Count = Positive(value, args[i]) },
                "--rtt" => settings with { RoundTripsMs = value.Split(',').Select(v => NonNegative(v, "--rtt")).ToArray() },
                "--ranks" => settings with { Ranks = value.Split(',').Select(v => Positive(v, "--ranks")).ToArray() },
                "--layouts" => settings with { Kinds = value.Split(',').Select(KindOf).ToArray() },
                "--artifacts" => settings with { Output = Path.GetFullPath(value) },
                _ => throw new ArgumentException($"unknown --fleet switch {args[i]} (known: --count, --rtt, --ranks, --layouts, --artifacts)."),
            };
            i++;
        }

        return settings.Ranks.Max() > 64 ? throw new ArgumentException("--ranks: at most 64 readers.") : settings;
    }

    private static StoreKind KindOf(string layout) => layout switch
    {
        "objects" => StoreKind.S3Objects,
        "shards" => StoreKind.S3Shards,
        _ => throw new ArgumentException($"--layouts: '{layout}' is not objects or shards."),
    };

    private static int Positive(string value, string name) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : throw new ArgumentException($"{name}: '{value}' is not a positive whole number.");

    private static int NonNegative(string value, string name) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : throw new ArgumentException($"{name}: '{value}' is not a whole number of milliseconds.");
}
