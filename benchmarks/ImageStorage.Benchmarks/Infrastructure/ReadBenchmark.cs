namespace ImageStorage.Benchmarks.Infrastructure;

/// <summary>
/// An experiment that reads what it stored. Setup sets <see cref="Expected"/> and checks a first read; every timed
/// read goes through <see cref="Keep"/>, and cleanup checks the last one, so a wrong read fails the run.
/// </summary>
public abstract class ReadBenchmark : StoreBenchmark
{
    private ImageBatch? _last;

    /// <summary>What every read must give back, image for image (set in setup).</summary>
    protected ImageBatch Expected { get; set; } = null!;

    /// <summary>Keeps <paramref name="read"/> as the last result, for the check at cleanup, and returns it.</summary>
    protected ImageBatch Keep(ImageBatch read) => _last = read;

    /// <summary>Checks a read made in setup, before anything is timed.</summary>
    protected void CheckFirstRead(ImageBatch read) => Verify(Expected, read, "first read");

    /// <inheritdoc />
    protected override void CheckLastRead()
    {
        // Without a last result setup failed, and the run already reports that.
        if (_last is not null)
        {
            Verify(Expected, _last, "last read");
        }
    }
}
