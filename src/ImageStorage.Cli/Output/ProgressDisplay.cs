using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ImageStorage.Cli.Output;

/// <summary>
/// Progress of a long operation on standard error: a Spectre.Console bar with images/s and the time left when
/// standard error is a terminal, else a plain line every few seconds (CI logs), so standard output stays for results.
/// </summary>
internal static class ProgressDisplay
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(2);

    /// <summary>Runs <paramref name="work"/>, which reports images done through the action it is given; returns its result.</summary>
    public static T Run<T>(string title, int total, Func<Action<int>, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (Console.IsErrorRedirected)
        {
            return RunPlain(title, total, work);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ImagesPerSecondColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(title, maxValue: Math.Max(1, total));
                result = work(done => task.Increment(done));
                task.Value = task.MaxValue;
            });
        return result;
    }

    private static T RunPlain<T>(string title, int total, Func<Action<int>, T> work)
    {
        var clock = Stopwatch.StartNew();
        var last = TimeSpan.Zero;
        long done = 0;
        T result = work(n =>
        {
            done += n;
            if (clock.Elapsed - last >= PlainInterval)
            {
                last = clock.Elapsed;
                Console.Error.WriteLine(Line(title, done, total, clock.Elapsed));
            }
        });
        Console.Error.WriteLine(Line(title, done, total, clock.Elapsed));
        return result;
    }

    private static string Line(string title, long done, int total, TimeSpan elapsed)
    {
        double rate = done / Math.Max(elapsed.TotalSeconds, 1e-9);
        string left = rate > 0 && done < total ? TimeSpan.FromSeconds((total - done) / rate).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : "0:00:00";
        return string.Create(CultureInfo.InvariantCulture, $"{title}: {done:N0}/{total:N0} images ({100.0 * done / Math.Max(1, total):0}%), {rate:N0} images/s, {left} left");
    }

    /// <summary>The rate of a task in images per second.</summary>
    private sealed class ImagesPerSecondColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(string.Create(CultureInfo.InvariantCulture, $"{task.Speed ?? 0:N0} images/s"));
    }
}
