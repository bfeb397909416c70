namespace ImageStorage.ResultsComparer.Noise;

// The noise file: what `calibrate` writes from an A/A interleaved run and `--noise-file` reads.

/// <summary>The per-benchmark launch-to-launch noise measured by an A/A interleaved run.</summary>
internal sealed class NoiseFile
{
    /// <summary>The format's name, so that another JSON file is recognised as not being one.</summary>
    public const string FormatName = "imagestorage-comparer-noise";

    /// <summary>The format version this comparer writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Always <see cref="FormatName"/>.</summary>
    public string? Format { get; init; }

    /// <summary>Always <see cref="CurrentVersion"/> for now.</summary>
    public int Version { get; init; }

    /// <summary>When the file was written (UTC, ISO 8601).</summary>
    public string? Created { get; init; }

    /// <summary>The A/A runs' rounds folders it was calibrated from.</summary>
    public IReadOnlyList<string>? Sources { get; init; }

    /// <summary>One entry per benchmark.</summary>
    public IReadOnlyList<BenchmarkNoise>? Benchmarks { get; init; }
}

/// <summary>One benchmark's noise: the spread of its paired diff/base values in rounds where both sides ran the same code.</summary>
internal sealed class BenchmarkNoise
{
    /// <summary>The benchmark's full name, parameters included.</summary>
    public string? FullName { get; init; }

    /// <summary>How many paired rounds the time noise is computed from.</summary>
    public int Rounds { get; init; }

    /// <summary>The root mean square of the rounds' natural-log time ratios ln(diff/base) around zero, their true value in an A/A run (0.05 ≈ 5%).</summary>
    public double TimeNoise { get; init; }

    /// <summary>The root mean square of the rounds' allocation differences in bytes per operation, or null when allocations were not measured.</summary>
    public double? AllocationNoiseBytes { get; init; }

    /// <summary>The median time per operation in the calibration, in nanoseconds, for the reader's orientation.</summary>
    public double MedianNanoseconds { get; init; }
}
