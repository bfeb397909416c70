using System.Diagnostics;
using System.Globalization;
using System.Net.Http;

namespace ImageStorage.Benchmarks.Fleet;

/// <summary>How the fleet benchmark measures each row: wall clock around the work, and the cores it kept busy.</summary>
public static class FleetMeasure
{
    /// <summary>Times <paramref name="work"/> once (store many: one write of every image).</summary>
    public static FleetRow Once(string benchmark, StoreKind kind, int rtt, int ranks, int images, FleetCeph ceph, Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var cpu = CpuWatch.Start(ceph);
        work();
        var (seconds, used) = cpu.Stop();
        var row = new FleetRow(benchmark, FleetRun.Layout(kind), rtt, ranks, images, (long)images * ImageShape.Cifar10.ByteCount, seconds, used);
        FleetRun.Log(row.ToString());
        return row;
    }

    /// <summary>One read of <paramref name="count"/> random ids (seeded) from the store, in this process, checked against the images written.</summary>
    public static FleetRow ReadMany(StoreKind kind, int rtt, string location, ImageBatch images, int count, FleetCeph ceph)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var store = ImageStores.Open(location);
        var random = new Random(29);
        int[] ids = [.. Enumerable.Range(0, Math.Min(count, images.Count)).Select(_ => random.Next(images.Count))];
        var read = ImageBatch.Allocate(store.Shape, ids.Length);
        var row = Once("read many", kind, rtt, 1, ids.Length, ceph, () => store.ReadMany(ids, read));
        for (int i = 0; i < ids.Length; i++)
        {
            if (!read.Image(i).SequenceEqual(images.Image(ids[i])) || read.Labels[i] != images.Labels[ids[i]])
            {
                throw new InvalidDataException($"{location}: image {ids[i]} read back differs from the image written.");
            }
        }

        return row;
    }

    /// <summary>One epoch read by <paramref name="ranks"/> rank processes together: every rank's images over the slowest rank's seconds.</summary>
    public static FleetRow Epoch(StoreKind kind, int rtt, int ranks, FleetCeph ceph, Func<IReadOnlyList<FleetRankResult>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var cpu = CpuWatch.Start(ceph);
        var results = run();
        var (_, used) = cpu.Stop();
        return new FleetRow("epoch", FleetRun.Layout(kind), rtt, ranks, results.Sum(r => r.Images), results.Sum(r => r.Bytes), results.Max(r => r.Seconds), used);
    }

    /// <summary>
    /// Three epochs by one rank with a local cache folder, at the largest round trip: the first fills the cache, the
    /// last (code warm) is the cache hit; and three epochs of the same images in a local Raw store, plain and with
    /// checksums checked as the cache checks them, whose last are the yardsticks a cache hit is held against.
    /// </summary>
    public static IEnumerable<FleetRow> CacheEpochs(FleetSettings settings, FleetNetwork network, DelayProxy proxy, FleetCeph ceph, ImageBatch images, string expected, string work)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(proxy);
        ArgumentNullException.ThrowIfNull(images);
        const int Epochs = 3;
        int rtt = settings.RoundTripsMs.Max();
        proxy.RoundTrip = TimeSpan.FromMilliseconds(rtt);
        string local = Path.Combine(work, "local.raw");
        ImageStores.Write(StoreKind.Raw, local, images);
        var rows = new List<FleetRow>();
        foreach (bool verify in new[] { false, true })
        {
            var cpu = CpuWatch.Start(ceph);
            var raw = FleetRanks.Run(network, proxy.Port, local, 1, expected, Epochs, verify: verify);
            rows.Add(EpochRow(verify ? "epoch (warm, checksums checked)" : "epoch (warm)", StoreKind.Raw, 0, raw[0], Epochs - 1, cpu.Stop()));
        }

        foreach (var kind in settings.Kinds)
        {
            var cpu = CpuWatch.Start(ceph);
            var cached = FleetRanks.Run(network, proxy.Port, FleetRun.Location(kind, rtt), 1, expected, Epochs, Path.Combine(work, "cache-" + FleetRun.Layout(kind)));
            var used = cpu.Stop();
            rows.Add(EpochRow("epoch (cache filling)", kind, rtt, cached[0], 0, used));
            rows.Add(EpochRow("epoch (cache hit)", kind, rtt, cached[0], Epochs - 1, used));
        }

        return rows;
    }

    private static FleetRow EpochRow(string benchmark, StoreKind kind, int rtt, FleetRankResult rank, int epoch, (double Seconds, FleetCpu Used) cpu)
    {
        long images = rank.Images / rank.EpochSeconds.Length;
        var row = new FleetRow(benchmark, FleetRun.Layout(kind), rtt, 1, images, images * ImageShape.Cifar10.ByteCount, rank.EpochSeconds[epoch], cpu.Used);
        FleetRun.Log(row.ToString());
        return row;
    }

    /// <summary>
    /// What the proxy adds to a request's round trip, measured: the median of 40 small GETs to RGW through the proxy,
    /// less the median of 40 straight to RGW, each on one kept-alive connection after 5 to warm it.
    /// </summary>
    public static FleetRow AddedRoundTrip(int rgwPort, int proxyPort, int rtt)
    {
        double direct = MedianGet(rgwPort), proxied = MedianGet(proxyPort);
        var row = new FleetRow("round trip", "proxy", rtt, 1, 0, 0, proxied - direct, new FleetCpu(0, 0, 0));
        FleetRun.Log($"proxy set to {rtt} ms adds {(proxied - direct) * 1000:0.00} ms (median GET {direct * 1000:0.00} ms direct, {proxied * 1000:0.00} ms through it)");
        return row;
    }

    private static double MedianGet(int port)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var times = new List<double>();
        for (int i = 0; i < 45; i++)
        {
            long start = Stopwatch.GetTimestamp();
            // RGW answers an unsigned GET of its root with an empty bucket list: a small request and reply.
            using var response = http.GetAsync(new Uri("/", UriKind.Relative)).GetAwaiter().GetResult();
            _ = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
            if (i >= 5)
            {
                times.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            }
        }

        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>Wall clock, the machine's busy fraction from /proc/stat and the Ceph daemons' CPU time, between start and stop.</summary>
    private sealed class CpuWatch
    {
        private readonly FleetCeph _ceph;
        private readonly long _started = Stopwatch.GetTimestamp();
        private readonly (double Busy, double Total) _machine = Machine();
        private readonly double _service;
        private readonly TimeSpan _proxy = Environment.CpuUsage.TotalTime;

        private CpuWatch(FleetCeph ceph)
        {
            _ceph = ceph;
            _service = ceph.CpuSeconds();
        }

        public static CpuWatch Start(FleetCeph ceph) => new(ceph);

        public (double Seconds, FleetCpu Used) Stop()
        {
            double seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
            var now = Machine();
            double busy = (now.Busy - _machine.Busy) / Math.Max(1, now.Total - _machine.Total);
            double proxy = (Environment.CpuUsage.TotalTime - _proxy).TotalSeconds / seconds;
            return (seconds, new FleetCpu(busy, (_ceph.CpuSeconds() - _service) / seconds, proxy));
        }

        // The first line of /proc/stat: every core's time in each state; idle and iowait are the idle ones.
        private static (double Busy, double Total) Machine()
        {
            string[] fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            double[] values = [.. fields.Skip(1).Take(8).Select(f => double.Parse(f, CultureInfo.InvariantCulture))];
            double total = values.Sum();
            return (total - values[3] - values[4], total);
        }
    }
}
