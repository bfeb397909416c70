namespace ImageStorage.Benchmarks.Fleet;

/// <summary>
/// One measurement of the fleet benchmark: what was done, to which layout, at which added round trip, by how many
/// ranks; how many images and bytes, in how many seconds; and where the machine's cores went meanwhile.
/// </summary>
/// <param name="Benchmark">store many, read many, epoch, epoch (cache filling), epoch (cache hit), round trip.</param>
/// <param name="Layout">objects, shards or local Raw.</param>
/// <param name="RoundTripMs">The round trip the proxy added, in milliseconds.</param>
/// <param name="Ranks">Reader processes.</param>
/// <param name="Images">Images written or read.</param>
/// <param name="Bytes">Their pixel bytes.</param>
/// <param name="Seconds">Wall-clock seconds (for a round trip row: the measured added round trip).</param>
/// <param name="Cpu">Where the machine's cores went meanwhile.</param>
public sealed record FleetRow(string Benchmark, string Layout, int RoundTripMs, int Ranks, long Images, long Bytes, double Seconds, FleetCpu Cpu)
{
    /// <summary>Images a second.</summary>
    public double ImagesPerSecond => Images / Seconds;

    /// <summary>Bytes a second.</summary>
    public double BytesPerSecond => Bytes / Seconds;

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Benchmark} {Layout} rtt {RoundTripMs} ms, {Ranks} rank(s): {Images} images in {Seconds:0.000} s = {ImagesPerSecond:0} img/s; cores busy {Cpu.Busy:P0}: Ceph {Cpu.ServiceCores:0.00}, proxy {Cpu.ProxyCores:0.00}";
}

/// <summary>Where the cores went during a measurement: the fraction of all cores busy, and the cores the Ceph daemons and the proxy (this process) used; the ranks used the rest.</summary>
/// <param name="Busy">Fraction of all cores busy, from /proc/stat.</param>
/// <param name="ServiceCores">Cores the Ceph daemons (monitor, OSD, RGW) used.</param>
/// <param name="ProxyCores">Cores this process used: the proxy, and during store many and read many the S3 client too.</param>
public sealed record FleetCpu(double Busy, double ServiceCores, double ProxyCores);
