using System.Diagnostics.CodeAnalysis;
using Perfolizer.Horology;
using Perfolizer.Metrology;
using Pragmastat.Metrology;

namespace ImageStorage.ResultsComparer.Cli;

/// <summary>Turns the <c>--threshold</c> and <c>--noise</c> texts into Perfolizer values, with a message naming the problem when they are wrong.</summary>
internal static class ThresholdParser
{
    /// <summary>Parses one positive percentage ("5%") or time ("10ms", "0.5us") as the equivalence threshold.</summary>
    public static bool TryParseThreshold(string text, [NotNullWhen(true)] out Threshold? threshold, [NotNullWhen(false)] out string? problem)
    {
        threshold = null;
        if (!TryParseMeasurement(text, "--threshold", out var measurement, out problem))
        {
            return false;
        }

        if (measurement.Unit is not (PercentUnit or TimeUnit))
        {
            problem = $"--threshold must be a percentage such as 5% or a time such as 10ms, not '{text}'.";
            return false;
        }

        if (!(measurement.NominalValue > 0))
        {
            problem = $"--threshold must be greater than zero, not '{text}'.";
            return false;
        }

        // One value only: Perfolizer 0.6.1 mis-sizes its practical-significance shortcut for composite "a|b" thresholds.
        threshold = new Threshold(measurement);
        return true;
    }

    /// <summary>Parses a non-negative time ("0.3ns", "1us", "0ns") as the noise floor, in nanoseconds.</summary>
    public static bool TryParseNoise(string text, out double nanoseconds, [NotNullWhen(false)] out string? problem)
    {
        nanoseconds = 0;
        if (!TryParseMeasurement(text, "--noise", out var measurement, out problem))
        {
            return false;
        }

        if (measurement.Unit is not TimeUnit unit)
        {
            problem = $"--noise must be a time such as 0.3ns, not '{text}'.";
            return false;
        }

        if (!(measurement.NominalValue >= 0))
        {
            problem = $"--noise must not be negative, not '{text}'.";
            return false;
        }

        nanoseconds = TimeUnit.Convert(measurement.NominalValue, unit, TimeUnit.Nanosecond);
        return true;
    }

    /// <summary>Parses a noise floor already checked by <see cref="TryParseNoise"/>, in nanoseconds.</summary>
    public static double ParseNoise(string text) =>
        TryParseNoise(text, out double nanoseconds, out string? problem) ? nanoseconds : throw new FormatException(problem);

    private static bool TryParseMeasurement(string text, string option, [NotNullWhen(true)] out Measurement? measurement, [NotNullWhen(false)] out string? problem)
    {
        measurement = null;
        problem = null;
        string trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed.Contains('|', StringComparison.Ordinal)
            || !PerfolizerMeasurementFormatter.Instance.TryParse(trimmed, out var parsed))
        {
            problem = $"{option} takes one value with a unit, such as 5% or 10ms; '{text}' is not one.";
            return false;
        }

        measurement = parsed;
        return true;
    }
}
