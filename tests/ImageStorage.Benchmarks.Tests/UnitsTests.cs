using ImageStorage.Benchmarks.Reports;

namespace ImageStorage.Benchmarks.Tests;

/// <summary>The one formatter: units switch where a reader expects, never "1000 µs".</summary>
public sealed class UnitsTests
{
    [Theory]
    [InlineData(0.0009997, "1 ms")]
    [InlineData(0.0355, "35.5 ms")]
    [InlineData(3.65, "3.65 s")]
    [InlineData(5.2e-7, "520 ns")]
    [InlineData(2.5e-5, "25 µs")]
    public void Times(double seconds, string expected) => Assert.Equal(expected, Units.Time(seconds));

    [Theory]
    [InlineData(812, "812 B")]
    [InlineData(3092, "3.02 KiB")]
    [InlineData(307_200_000, "293 MiB")]
    public void Bytes(double bytes, string expected) => Assert.Equal(expected, Units.Bytes(bytes));

    [Theory]
    [InlineData(0.98, "0.98×")]
    [InlineData(1.354, "1.35×")]
    [InlineData(59.6, "59.6×")]
    [InlineData(680.2, "680×")]
    public void Ratios(double ratio, string expected) => Assert.Equal(expected, Units.Ratio(ratio));
}
