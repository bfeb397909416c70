namespace ImageStorage.Benchmarks.Fleet;

/// <summary>
/// One measurement of the fleet benchmark: what was done, to which layout, at which added round trip, by how many
/// ranks; how many images and bytes, in how many seconds; how busy the machine's cores were (0..1 of all of them) and
/// how many cores the Ceph daemons used meanwhile.
/// </summary>
/// <param name="Benchmark">store many, read many, epoch, epoch (cache filling), epoch (cache hit), round trip.</param>
/// <param name="Layout">objects, shards or local Raw.</param>
/// <param name="RoundTripMs">The round trip the proxy added, in milliseconds.</param>
/// <param name="Ranks">Reader processes.</param>
/// <param name="Images">Images written or read.</param>
/// <param name="Bytes">Their pixel bytes.</param>
/// <param name="Seconds">Wall-clock seconds (for a round trip row: the measured added round trip).</param>
/// <param name="CpuBusy">Fraction of all cores busy meanwhile.</param>
/// <param name="ServiceCores">Cores the Ceph daemons used meanwhile.</param>
public sealed record FleetRow(string Benchmark, string Layout, int RoundTripMs, int Ranks, long Images, long Bytes, double Seconds, double CpuBusy, double ServiceCores)
{
    /// <summary>Images a second.</summary>
    public double ImagesPerSecond => Images / Seconds;

    /// <summary>Bytes a second.</summary>
    public double BytesPerSecond => Bytes / Seconds;

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Benchmark} {Layout} rtt {RoundTripMs} ms, {Ranks} rank(s): {Images} images in {Seconds:0.000} s = {ImagesPerSecond:0} img/s; cores busy {CpuBusy:P0}, Ceph {ServiceCores:0.00} cores";
}
