using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace ImageStorage.Benchmarks.Fleet;

/// <summary>
/// A TCP proxy that adds a round-trip delay between its clients and one upstream server, for the fleet benchmark's
/// readers in other network namespaces (this kernel has no <c>netem</c>). Opening the upstream connection waits one
/// round trip, as TCP's handshake does; after that every chunk of the server's reply is held until one round trip
/// after it arrived, so a request and its answer take one round trip longer, and a stream still flows at full rate
/// (chunks are queued, not waited for one by one). It terminates TCP on both sides: it delays data, not TCP's own
/// acknowledgements, so the window limit of a long fat pipe is not simulated.
/// </summary>
public sealed class DelayProxy : IAsyncDisposable
{
    private const int ChunkBytes = 64 << 10;

    private readonly TcpListener _listener;
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly DelayLine _line = new();
    private readonly Task _accepting;
    private long _delayTicks;

    /// <summary>Listens on <paramref name="listen"/> (port 0: a free one) and forwards every connection to <paramref name="upstream"/>.</summary>
    public DelayProxy(IPEndPoint listen, IPEndPoint upstream, TimeSpan roundTrip)
    {
        ArgumentNullException.ThrowIfNull(listen);
        _upstream = upstream ?? throw new ArgumentNullException(nameof(upstream));
        RoundTrip = roundTrip;
        _listener = new TcpListener(listen);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start(1024);
        _accepting = AcceptAsync(_stop.Token);
    }

    /// <summary>The port it listens on.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The round trip it adds; changing it applies to every chunk from then on.</summary>
    public TimeSpan RoundTrip
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Interlocked.Exchange(ref _delayTicks, value.Ticks);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _line.Dispose();
    }

    private async Task AcceptAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client, stop);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken stop)
    {
        using (client)
        using (var server = new Socket(_upstream.AddressFamily, SocketType.Stream, ProtocolType.Tcp))
        {
            try
            {
                client.NoDelay = true;
                server.NoDelay = true;
                await Later().WaitAsync(stop).ConfigureAwait(false);
                await server.ConnectAsync(_upstream, stop).ConfigureAwait(false);
                // Requests go straight up; replies wait one round trip.
                var up = PumpAsync(client, server, delayed: false, stop);
                var down = PumpAsync(server, client, delayed: true, stop);
                if (await Task.WhenAny(up, down).ConfigureAwait(false) is { IsCompletedSuccessfully: false })
                {
                    // One side broke: close both, or the other pump would wait on a live peer for ever.
                    client.Dispose();
                    server.Dispose();
                }

                await Task.WhenAll(up, down).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // A peer hung up or the proxy stopped: the connection ends, as a broken network path would end it.
            }
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool delayed, CancellationToken stop)
    {
        if (!delayed)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
            try
            {
                int n;
                while ((n = await from.ReceiveAsync(buffer, SocketFlags.None, stop).ConfigureAwait(false)) > 0)
                {
                    await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, stop).ConfigureAwait(false);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
                to.Shutdown(SocketShutdown.Send);
            }

            return;
        }

        // Unbounded: the reading side never waits for the writing side, so the delay does not throttle a stream.
        var queue = Channel.CreateUnbounded<(Task Due, byte[] Bytes, int Length)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var writing = WriteDelayedAsync(queue.Reader, to, stop);
        try
        {
            while (true)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
                int n = await from.ReceiveAsync(buffer, SocketFlags.None, stop).ConfigureAwait(false);
                if (n == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    break;
                }

                queue.Writer.TryWrite((Later(), buffer, n));
            }
        }
        finally
        {
            queue.Writer.TryComplete();
        }

        await writing.ConfigureAwait(false);
    }

    private async Task WriteDelayedAsync(ChannelReader<(Task Due, byte[] Bytes, int Length)> queue, Socket to, CancellationToken stop)
    {
        try
        {
            await foreach (var (due, bytes, length) in queue.ReadAllAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    await due.WaitAsync(stop).ConfigureAwait(false);
                    await to.SendAsync(bytes.AsMemory(0, length), SocketFlags.None, stop).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(bytes);
                }
            }
        }
        finally
        {
            to.Shutdown(SocketShutdown.Send);
        }
    }

    // One round trip from now.
    private Task Later() => _delayTicks == 0 ? Task.CompletedTask : _line.At(Stopwatch.GetTimestamp() + (long)(RoundTrip.TotalSeconds * Stopwatch.Frequency));
}
