using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ImageStorage.Benchmarks.Fleet;

/// <summary>
/// Releases waiters at a moment given in <see cref="Stopwatch"/> ticks, to within the kernel's sleep precision (tens of
/// microseconds): .NET's timers count whole milliseconds, which would turn a 1 ms delay into 0 or 2. One thread
/// sleeps until the oldest waiter's moment; every waiter is due the same delay after it came, so they are due in the
/// order they come and a first-in, first-out queue is the whole schedule.
/// </summary>
internal sealed partial class DelayLine : IDisposable
{
    private readonly BlockingCollection<(long Due, TaskCompletionSource Release)> _queue = [];
    private readonly Thread _thread;

    public DelayLine()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "delay line" };
        _thread.Start();
    }

    /// <summary>A task that completes at <paramref name="due"/> (a <see cref="Stopwatch.GetTimestamp"/> value).</summary>
    public Task At(long due)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add((due, release));
        return release.Task;
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join();
        _queue.Dispose();
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int usleep(uint microseconds);

    private void Run()
    {
        foreach (var (due, release) in _queue.GetConsumingEnumerable())
        {
            long left = due - Stopwatch.GetTimestamp();
            if (left > 0)
            {
                _ = usleep((uint)(left * 1_000_000 / Stopwatch.Frequency));
            }

            release.TrySetResult();
        }
    }
}
