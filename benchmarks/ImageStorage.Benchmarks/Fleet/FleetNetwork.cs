using System.Diagnostics;
using System.Globalization;

namespace ImageStorage.Benchmarks.Fleet;

/// <summary>
/// The fleet's "other hosts": one network namespace per reader, each joined to this host by a veth pair with
/// addresses of its own (10.233.k.1 here, 10.233.k.2 there), made with <c>ip</c> and removed on dispose. A reader in
/// namespace k reaches this host's proxy at <see cref="HostAddress"/>(k), so every byte it reads crosses a veth pair and
/// the kernel's network stack, as it would from another machine.
/// </summary>
public sealed class FleetNetwork : IDisposable
{
    private readonly string _stem;
    private readonly List<int> _made = [];

    /// <summary>Makes <paramref name="hosts"/> namespaces, named after this process so two runs never collide.</summary>
    public FleetNetwork(int hosts)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hosts, 250);
        _stem = "isf" + (Environment.ProcessId % 100000).ToString(CultureInfo.InvariantCulture);
        try
        {
            for (int k = 0; k < hosts; k++)
            {
                Make(k);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>How many hosts there are.</summary>
    public int Hosts => _made.Count;

    /// <summary>This host's address on host k's veth pair.</summary>
    public static string HostAddress(int k) => $"10.233.{k}.1";

    /// <summary>The name of host k's namespace.</summary>
    public string Namespace(int k) => $"{_stem}n{k}";

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (int k in _made)
        {
            // Deleting the namespace deletes its end of the pair, and with it the pair.
            Ip(false, "netns", "delete", Namespace(k));
        }

        _made.Clear();
    }

    /// <summary>Runs <c>ip</c> with <paramref name="args"/>; throws naming the command if it fails and <paramref name="check"/> is set.</summary>
    internal static void Ip(bool check, params string[] args)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var ip = Process.Start(start) ?? throw new InvalidOperationException("could not start ip");
        string error = ip.StandardError.ReadToEnd();
        ip.WaitForExit();
        if (check && ip.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', args)} failed: {error.Trim()} (the fleet benchmark needs root and the iproute2 package)");
        }
    }

    private void Make(int k)
    {
        string ns = Namespace(k), here = $"{_stem}h{k}", there = $"{_stem}v{k}";
        Ip(true, "netns", "add", ns);
        _made.Add(k);
        Ip(true, "link", "add", here, "type", "veth", "peer", "name", there);
        Ip(true, "link", "set", there, "netns", ns);
        Ip(true, "addr", "add", HostAddress(k) + "/24", "dev", here);
        Ip(true, "link", "set", here, "up");
        Ip(true, "netns", "exec", ns, "ip", "addr", "add", $"10.233.{k}.2/24", "dev", there);
        Ip(true, "netns", "exec", ns, "ip", "link", "set", there, "up");
        Ip(true, "netns", "exec", ns, "ip", "link", "set", "lo", "up");
    }
}
