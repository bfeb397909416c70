using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ImageStorage.Benchmarks.Fleet;

namespace ImageStorage.Benchmarks.Tests;

public sealed class DelayProxyTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public async Task Bytes_pass_through_unchanged_both_ways(int rttMs)
    {
        using var echo = Echo(out var upstream);
        await using var proxy = new DelayProxy(new IPEndPoint(IPAddress.Loopback, 0), upstream, TimeSpan.FromMilliseconds(rttMs));
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, proxy.Port);
        var stream = client.GetStream();
        var sent = new byte[3 << 20];
        new Random(5).NextBytes(sent);
        var writing = stream.WriteAsync(sent).AsTask();
        var got = new byte[sent.Length];
        await stream.ReadExactlyAsync(got);
        await writing;
        Assert.Equal(sent, got);
    }

    [Fact]
    public async Task A_request_and_its_reply_take_at_least_the_round_trip_set()
    {
        using var echo = Echo(out var upstream);
        await using var proxy = new DelayProxy(new IPEndPoint(IPAddress.Loopback, 0), upstream, TimeSpan.FromMilliseconds(20));
        using var client = new TcpClient { NoDelay = true };
        var connecting = Stopwatch.StartNew();
        await client.ConnectAsync(IPAddress.Loopback, proxy.Port);
        var stream = client.GetStream();
        var one = new byte[1];
        for (int i = 0; i < 5; i++)
        {
            var exchange = Stopwatch.StartNew();
            await stream.WriteAsync(one);
            await stream.ReadExactlyAsync(one);
            Assert.True(exchange.Elapsed >= TimeSpan.FromMilliseconds(19.5), $"exchange {i} took {exchange.Elapsed.TotalMilliseconds:0.00} ms");
        }

        // Opening the connection upstream waited one more round trip (from the accept, inside ConnectAsync).
        Assert.True(connecting.Elapsed >= TimeSpan.FromMilliseconds(6 * 19.5), $"{connecting.Elapsed.TotalMilliseconds} ms in all");
    }

    // A server on loopback that sends back whatever it gets, until the client hangs up.
    private static TcpListener Echo(out IPEndPoint endpoint)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        endpoint = (IPEndPoint)listener.LocalEndpoint;
        _ = Task.Run(async () =>
        {
            while (true)
            {
                Socket socket;
                try
                {
                    socket = await listener.AcceptSocketAsync();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return;
                }

                _ = Task.Run(async () =>
                {
                    using (socket)
                    {
                        var buffer = new byte[65536];
                        int n;
                        while ((n = await socket.ReceiveAsync(buffer)) > 0)
                        {
                            await socket.SendAsync(buffer.AsMemory(0, n));
                        }
                    }
                });
            }
        });
        return listener;
    }
}
