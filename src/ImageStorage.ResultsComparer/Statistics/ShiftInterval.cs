namespace ImageStorage.ResultsComparer.Statistics;

/// <summary>
/// A Hodges–Lehmann estimate of a shift with its distribution-free confidence bounds: each bound holds with probability
/// at least 1 − alpha on its own side, so [Lower, Upper] is a 1 − 2·alpha interval. A bound is null when the sample is
/// too small for alpha (no order statistic is far enough out).
/// </summary>
/// <param name="Estimate">The Hodges–Lehmann estimate: the median of the Walsh averages (paired) or of the pairwise differences (two samples).</param>
/// <param name="Lower">The one-sided lower confidence bound, or null when alpha cannot be reached.</param>
/// <param name="Upper">The one-sided upper confidence bound, or null when alpha cannot be reached.</param>
/// <param name="Size">The number of values (paired) or the smaller sample's size (two samples).</param>
internal sealed record ShiftInterval(double Estimate, double? Lower, double? Upper, int Size)
{
    /// <summary>Whether both bounds exist.</summary>
    public bool HasBounds => Lower is not null && Upper is not null;

    /// <summary>
    /// The one-sample interval for the centre of <paramref name="values"/> (e.g. paired log-ratios): inverts Wilcoxon's
    /// signed-rank test, so "Lower &gt; t" is exactly the one-sided signed-rank test of "centre &gt; t" at level alpha.
    /// </summary>
    public static ShiftInterval Paired(IReadOnlyList<double> values, double alpha)
    {
        ArgumentNullException.ThrowIfNull(values);
        int n = values.Count;
        if (n == 0)
        {
            throw new ArgumentException("At least one value is needed.", nameof(values));
        }

        var walsh = new double[n * (n + 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++)
            {
                walsh[k++] = (values[i] + values[j]) / 2;
            }
        }

        Array.Sort(walsh);
        int c = n <= SignedRankDistribution.MaxSize ? new SignedRankDistribution(n).CriticalCount(alpha) : 0;
        return FromSorted(walsh, c, n);
    }

    /// <summary>
    /// The two-sample interval for the shift from <paramref name="first"/> to <paramref name="second"/> (second − first):
    /// inverts the Mann–Whitney test, so "Lower &gt; t" is exactly the one-sided test of "second − t is greater" at level alpha.
    /// </summary>
    public static ShiftInterval TwoSample(IReadOnlyList<double> first, IReadOnlyList<double> second, double alpha)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        int n = first.Count, m = second.Count;
        if (n == 0 || m == 0)
        {
            throw new ArgumentException("Both samples need at least one value.");
        }

        var differences = new double[n * m];
        int k = 0;
        foreach (double x in first)
        {
            foreach (double y in second)
            {
                differences[k++] = y - x;
            }
        }

        Array.Sort(differences);
        int c = (long)n * m <= RankSumDistribution.MaxPairs ? new RankSumDistribution(n, m).CriticalCount(alpha) : 0;
        return FromSorted(differences, c, Math.Min(n, m));
    }

    private static ShiftInterval FromSorted(double[] sorted, int c, int size)
    {
        int count = sorted.Length;
        double estimate = count % 2 == 1 ? sorted[count / 2] : (sorted[(count / 2) - 1] + sorted[count / 2]) / 2;
        return c < 1
            ? new ShiftInterval(estimate, null, null, size)
            : new ShiftInterval(estimate, sorted[c - 1], sorted[count - c], size);
    }
}
