namespace ImageStorage.ResultsComparer.Statistics;

/// <summary>
/// The exact null distribution of the Mann–Whitney statistic U for samples of sizes n and m without ties (the number of
/// pairs in which the second sample's value is the smaller): every interleaving of the two samples is equally likely.
/// </summary>
internal sealed class RankSumDistribution
{
    /// <summary>The largest n × m computed exactly: 100 launches a side, about n²m²/4 additions (milliseconds).</summary>
    public const int MaxPairs = 10_000;

    private readonly double[] _cumulative;

    /// <summary>Tabulates the distribution for samples of <paramref name="n"/> and <paramref name="m"/> values.</summary>
    public RankSumDistribution(int n, int m)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)n * m, MaxPairs);
        N = n;
        M = m;
        int max = n * m;

        // ways[j][u] = the number of interleavings of i first-sample values and j second-sample values with U = u, for
        // the current i: N(i, j, u) = N(i − 1, j, u − j) + N(i, j − 1, u), the last value being from one sample or the other.
        var previous = new double[m + 1][];
        for (int j = 0; j <= m; j++)
        {
            previous[j] = new double[max + 1];
            previous[j][0] = 1;
        }

        for (int i = 1; i <= n; i++)
        {
            var current = new double[m + 1][];
            current[0] = new double[max + 1];
            current[0][0] = 1;
            for (int j = 1; j <= m; j++)
            {
                var row = new double[max + 1];
                for (int u = 0; u <= i * j; u++)
                {
                    row[u] = (u >= j ? previous[j][u - j] : 0) + current[j - 1][u];
                }

                current[j] = row;
            }

            previous = current;
        }

        var counts = previous[m];
        double total = counts.Sum();
        _cumulative = new double[max + 1];
        double running = 0;
        for (int u = 0; u <= max; u++)
        {
            running += counts[u];
            _cumulative[u] = running / total;
        }
    }

    /// <summary>The size of the first sample.</summary>
    public int N { get; }

    /// <summary>The size of the second sample.</summary>
    public int M { get; }

    /// <summary>P(U ≤ <paramref name="u"/>); 0 below zero and 1 from n·m on.</summary>
    public double Cdf(int u) => u < 0 ? 0 : u >= _cumulative.Length ? 1 : _cumulative[u];

    /// <summary>
    /// The largest c with P(U ≤ c − 1) ≤ <paramref name="alpha"/>: the c-th smallest pairwise difference is then a
    /// one-sided lower confidence bound for the shift at level 1 − alpha. Zero means no bound exists.
    /// </summary>
    public int CriticalCount(double alpha)
    {
        int c = 0;
        while (c <= N * M && Cdf(c) <= alpha)
        {
            c++;
        }

        return c;
    }
}
