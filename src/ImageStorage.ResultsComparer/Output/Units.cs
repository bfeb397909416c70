using System.Globalization;
using ImageStorage.ResultsComparer.Statistics;

namespace ImageStorage.ResultsComparer.Output;

/// <summary>Formats times, sizes and ratios for the report, always in the invariant culture.</summary>
internal static class Units
{
    private static readonly (double Scale, string Name)[] TimeUnits = [(1e9, "s"), (1e6, "ms"), (1e3, "μs"), (1, "ns")];

    /// <summary>Formats nanoseconds in the largest unit that keeps the number at or above one, e.g. "12.346 μs"; "n/a" when missing.</summary>
    public static string Time(double nanoseconds)
    {
        if (!double.IsFinite(nanoseconds))
        {
            return "n/a";
        }

        foreach (var (scale, name) in TimeUnits)
        {
            if (Math.Abs(nanoseconds) >= scale)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / scale:0.###} {name}");
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{nanoseconds:0.####} ns");
    }

    /// <summary>Formats a byte count per operation, e.g. "1,024 B"; "n/a" when missing.</summary>
    public static string Bytes(long? bytes) =>
        bytes is { } value ? string.Create(CultureInfo.InvariantCulture, $"{value:N0} B") : "n/a";

    /// <summary>Formats a signed change in bytes, e.g. "+32 B".</summary>
    public static string BytesChange(long change) =>
        string.Create(CultureInfo.InvariantCulture, $"{(change > 0 ? "+" : string.Empty)}{change:N0} B");

    /// <summary>Formats a ratio with three decimals, e.g. "1.200"; "n/a" when missing.</summary>
    public static string Ratio(double ratio) =>
        double.IsFinite(ratio) ? ratio.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>Formats a fraction as a percentage with one decimal, e.g. "5.0%"; "n/a" when missing.</summary>
    public static string Percent(double? fraction) =>
        fraction is { } value && double.IsFinite(value) ? value.ToString("0.0%", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>Formats the bounds of a ln-ratio interval as ratios, e.g. "1.031–1.092"; "n/a" without bounds.</summary>
    public static string RatioInterval(ShiftInterval? interval) =>
        interval is { Lower: { } lower, Upper: { } upper }
            ? string.Create(CultureInfo.InvariantCulture, $"{Math.Exp(lower):0.000}–{Math.Exp(upper):0.000}")
            : "n/a";

    /// <summary>Formats the bounds of a bytes-per-operation interval, e.g. "+0 B to +64 B"; "n/a" without bounds.</summary>
    public static string BytesInterval(ShiftInterval? interval) =>
        interval is { Lower: { } lower, Upper: { } upper }
            ? $"{BytesChange((long)Math.Round(lower))} to {BytesChange((long)Math.Round(upper))}"
            : "n/a";

    /// <summary>Formats seconds of wall-clock time, e.g. "2 min 05 s" or "42.0 s".</summary>
    public static string Duration(double seconds) =>
        seconds >= 60
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 60)} min {(int)(seconds % 60):00} s")
            : string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0} s");
}
