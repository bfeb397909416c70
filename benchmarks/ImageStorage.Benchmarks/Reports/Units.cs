using System.Globalization;

namespace ImageStorage.Benchmarks.Reports;

/// <summary>
/// The one way the suite writes numbers for people: times, byte counts, image counts and ratios, the same in the
/// tables, the charts, the summary sentences and the Disk column.
/// </summary>
public static class Units
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A duration in seconds with a unit from ns to s and three significant digits ("1 ms", not "1000 µs").</summary>
    public static string Time(double seconds)
    {
        if (!double.IsFinite(seconds))
        {
            return "–";
        }

        // The thresholds sit just below each unit so that 999.7 µs prints as "1 ms".
        return Math.Abs(seconds) switch
        {
            0 => "0 s",
            < 0.9995e-6 => Significant(seconds * 1e9) + " ns",
            < 0.9995e-3 => Significant(seconds * 1e6) + " µs",
            < 0.9995 => Significant(seconds * 1e3) + " ms",
            _ => Significant(seconds) + " s",
        };
    }

    /// <summary>A byte count in binary units: "812 B", "3.02 KiB", "293 MiB".</summary>
    public static string Bytes(double bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        int unit = 0;
        while (Math.Abs(bytes) >= 1023.5 && unit < units.Length - 1)
        {
            bytes /= 1024;
            unit++;
        }

        return (unit == 0 ? bytes.ToString("0", Inv) : Significant(bytes)) + " " + units[unit];
    }

    /// <summary>An image count compactly, for axes: 10, 1k, 100k, 1M.</summary>
    public static string ShortCount(double count) => Math.Abs(count) switch
    {
        >= 0.9995e9 => Significant(count / 1e9) + "G",
        >= 0.9995e6 => Significant(count / 1e6) + "M",
        >= 0.9995e3 => Significant(count / 1e3) + "k",
        _ => Significant(count),
    };

    /// <summary>A whole number with thousands separators: 100,000.</summary>
    public static string Count(long count) => count.ToString("N0", Inv);

    /// <summary>"1 image", "10,000 images".</summary>
    public static string Images(long count) => count == 1 ? "1 image" : Count(count) + " images";

    /// <summary>A ratio as the tables and sentences print it: "0.98×", "12.3×", "68×".</summary>
    public static string Ratio(double ratio) => !double.IsFinite(ratio) ? "–" : Math.Abs(ratio) switch
    {
        >= 100 => ratio.ToString("0", Inv) + "×",
        >= 10 => ratio.ToString("0.0", Inv) + "×",
        _ => ratio.ToString("0.00", Inv) + "×",
    };

    /// <summary>A plain number for axis ticks, without float noise.</summary>
    public static string Plain(double value) => Math.Round(value, 9).ToString("0.#########", Inv);

    /// <summary>A duration of a whole run: "48 s", "3 min 25 s", "1 h 02 min".</summary>
    public static string Duration(TimeSpan duration) => duration.TotalSeconds switch
    {
        < 60 => duration.TotalSeconds.ToString("0", Inv) + " s",
        < 3600 => string.Create(Inv, $"{(int)duration.TotalMinutes} min {duration.Seconds:00} s"),
        _ => string.Create(Inv, $"{(int)duration.TotalHours} h {duration.Minutes:00} min"),
    };

    private static string Significant(double value) => value.ToString(
        Math.Abs(value) switch
        {
            >= 100 => "0",
            >= 10 => "0.#",
            >= 1 => "0.##",
            >= 0.1 => "0.###",
            _ => "0.####",
        },
        Inv);
}
