namespace ImageStorage.ResultsComparer.Statistics;

/// <summary>
/// The exact null distribution of Wilcoxon's signed-rank statistic W (the sum of the ranks of the positive values among
/// n values symmetric around zero, without ties): every one of the 2^n sign patterns is equally likely.
/// </summary>
internal sealed class SignedRankDistribution
{
    /// <summary>The largest n computed exactly (200 rounds: a table of 20,101 entries, built in milliseconds).</summary>
    public const int MaxSize = 200;

    private readonly double[] _cumulative;

    /// <summary>Tabulates the distribution for <paramref name="size"/> values.</summary>
    public SignedRankDistribution(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, MaxSize);
        Size = size;
        int max = size * (size + 1) / 2;

        // counts[s] = the number of subsets of the ranks 1..k summing to s, built up one rank at a time.
        var counts = new double[max + 1];
        counts[0] = 1;
        for (int rank = 1; rank <= size; rank++)
        {
            for (int sum = rank * (rank + 1) / 2; sum >= rank; sum--)
            {
                counts[sum] += counts[sum - rank];
            }
        }

        double total = Math.Pow(2, size);
        _cumulative = new double[max + 1];
        double running = 0;
        for (int sum = 0; sum <= max; sum++)
        {
            running += counts[sum];
            _cumulative[sum] = running / total;
        }
    }

    /// <summary>The number of values.</summary>
    public int Size { get; }

    /// <summary>The number of Walsh averages (pairwise means, each value with itself included): n(n+1)/2, W's largest value.</summary>
    public int WalshCount => Size * (Size + 1) / 2;

    /// <summary>P(W ≤ <paramref name="w"/>); 0 below zero and 1 from n(n+1)/2 on.</summary>
    public double Cdf(int w) => w < 0 ? 0 : w >= _cumulative.Length ? 1 : _cumulative[w];

    /// <summary>
    /// The largest c with P(W ≤ c − 1) ≤ <paramref name="alpha"/>: the c-th smallest Walsh average is then a one-sided
    /// lower confidence bound at level 1 − alpha. Zero means no bound exists (too few values for alpha).
    /// </summary>
    public int CriticalCount(double alpha)
    {
        int c = 0;
        while (c <= WalshCount && Cdf(c) <= alpha)
        {
            c++;
        }

        return c;
    }
}
