using ImageStorage.ResultsComparer.Statistics;
using Perfolizer.Mathematics.SignificanceTesting.Base;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;
using Pragmastat;
using Pragmastat.Metrology;

namespace ImageStorage.ResultsComparer.Tests;

public sealed class ShiftIntervalTests
{
    [Fact]
    public void Signed_rank_distribution_of_six_values_matches_the_table()
    {
        var distribution = new SignedRankDistribution(6);

        // Of the 64 sign patterns, sums 0, 1, 2 are reached once each and 3 twice ({3}, {1,2}).
        Assert.Equal(1.0 / 64, distribution.Cdf(0), 12);
        Assert.Equal(2.0 / 64, distribution.Cdf(1), 12);
        Assert.Equal(3.0 / 64, distribution.Cdf(2), 12);
        Assert.Equal(5.0 / 64, distribution.Cdf(3), 12);
        Assert.Equal(1.0, distribution.Cdf(21), 12);
        Assert.Equal(0.0, distribution.Cdf(-1));
    }

    [Theory]
    [InlineData(4, 0.05, 0)]
    [InlineData(5, 0.05, 1)]
    [InlineData(6, 0.05, 3)]
    [InlineData(8, 0.05, 6)]
    [InlineData(10, 0.05, 11)]
    [InlineData(10, 0.01, 6)]
    [InlineData(9, 0.001, 0)]
    public void Signed_rank_critical_counts_match_published_critical_values(int n, double alpha, int expected)
    {
        // Published one-sided critical values of W (reject when W <= w): n = 8, 0.05: 5; n = 10, 0.05: 10; n = 10, 0.01: 5.
        Assert.Equal(expected, new SignedRankDistribution(n).CriticalCount(alpha));
    }

    [Fact]
    public void Rank_sum_distribution_is_symmetric_and_starts_at_one_over_the_binomial_coefficient()
    {
        var distribution = new RankSumDistribution(3, 4);

        Assert.Equal(1.0 / 35, distribution.Cdf(0), 12);
        for (int u = 0; u < 12; u++)
        {
            Assert.Equal(1.0, distribution.Cdf(u) + distribution.Cdf(12 - u - 1), 12);
        }

        Assert.Equal(1, new RankSumDistribution(3, 3).CriticalCount(0.05));
        Assert.Equal(0, new RankSumDistribution(3, 3).CriticalCount(0.049));
    }

    [Fact]
    public void Paired_interval_of_identical_values_is_that_value()
    {
        var interval = ShiftInterval.Paired([0.1, 0.1, 0.1, 0.1, 0.1, 0.1], 0.05);

        Assert.Equal(0.1, interval.Estimate, 12);
        Assert.Equal(0.1, interval.Lower!.Value, 12);
        Assert.Equal(0.1, interval.Upper!.Value, 12);
    }

    [Fact]
    public void Paired_interval_of_too_few_values_has_no_bounds()
    {
        var interval = ShiftInterval.Paired([0.1, 0.2, 0.3, 0.4], 0.05);

        Assert.False(interval.HasBounds);
        Assert.Equal(0.25, interval.Estimate, 12);
    }

    [Fact]
    public void Paired_lower_bound_clears_t_exactly_when_the_signed_rank_test_rejects()
    {
        // The bound is the inversion of the one-sided signed-rank test; check it against a brute-force enumeration of
        // every sign pattern, an independent computation of the test's p-value.
        var random = new Random(7);
        for (int trial = 0; trial < 300; trial++)
        {
            int n = random.Next(5, 11);
            double[] values = [.. Enumerable.Range(0, n).Select(_ => Gaussian(random) * 0.05 + 0.04)];
            double t = random.NextDouble() * 0.08;
            double alpha = trial % 2 == 0 ? 0.05 : 0.01;

            var interval = ShiftInterval.Paired(values, alpha);
            bool rejects = SignedRankPValue([.. values.Select(v => v - t)]) <= alpha;

            Assert.Equal(rejects, interval.Lower is { } lower && lower > t);
        }
    }

    [Fact]
    public void Two_sample_lower_bound_clears_t_exactly_when_perfolizers_exact_mann_whitney_test_rejects()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = random.Next(3, 8), m = random.Next(3, 8);
            double[] x = [.. Enumerable.Range(0, n).Select(_ => Gaussian(random) * 0.05)];
            double[] y = [.. Enumerable.Range(0, m).Select(_ => Gaussian(random) * 0.05 + 0.06)];
            double t = random.NextDouble() * 0.1;
            const double alpha = 0.05;

            var interval = ShiftInterval.TwoSample(x, y, alpha);
            var threshold = new Threshold(new Measurement(t, NumberUnit.Instance));
            double p = MannWhitneyTest.Instance.PerformStrategy(new Sample(y), new Sample(x), AlternativeHypothesis.Greater, threshold, MannWhitneyStrategy.ClassicExact).PValue;

            Assert.Equal(p <= alpha, interval.Lower is { } lower && lower > t);
        }
    }

    [Fact]
    public void Two_sample_estimate_is_the_median_of_the_pairwise_differences()
    {
        var interval = ShiftInterval.TwoSample([1.0, 2.0, 3.0], [11.0, 12.0, 13.0], 0.05);

        Assert.Equal(10.0, interval.Estimate, 12);
        Assert.Equal(8.0, interval.Lower!.Value, 12);
        Assert.Equal(12.0, interval.Upper!.Value, 12);
    }

    // P(W+ >= observed) under the null, by enumerating every sign pattern of the ranks of |values|.
    private static double SignedRankPValue(double[] values)
    {
        int n = values.Length;
        var ranks = values.Select((v, i) => (Abs: Math.Abs(v), Index: i)).OrderBy(p => p.Abs).Select((p, rank) => (p.Index, Rank: rank + 1)).ToDictionary(p => p.Index, p => p.Rank);
        int observed = Enumerable.Range(0, n).Where(i => values[i] > 0).Sum(i => ranks[i]);
        int atLeast = 0;
        for (int mask = 0; mask < 1 << n; mask++)
        {
            int sum = Enumerable.Range(0, n).Where(bit => (mask & (1 << bit)) != 0).Sum(bit => bit + 1);
            if (sum >= observed)
            {
                atLeast++;
            }
        }

        return atLeast / (double)(1 << n);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
