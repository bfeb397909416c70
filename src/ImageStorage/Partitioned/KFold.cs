namespace ImageStorage.Partitioned;

/// <summary>k-fold cross validation planned at storage time, as the article advises: each fold is stored as its own part, so a split is a view over parts and copies nothing.</summary>
public static class KFold
{
    /// <summary>
    /// Splits ids 0 .. labels.Length − 1 into <paramref name="k"/> folds of equal class proportions (each class shuffled by a
    /// seeded generator that is the same on every .NET version, then dealt round-robin, so per class and overall fold sizes
    /// differ by at most one), each fold's ids sorted ascending so that reads go in storage order.
    /// </summary>
    public static int[][] Stratified(ReadOnlySpan<int> labels, int k, ulong seed)
    {
        int n = labels.Length;
        if (k < 2 || k > n)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k-fold needs 2 <= k <= the number of images ({n}).");
        }

        var byClass = new SortedDictionary<int, List<int>>();
        for (int id = 0; id < n; id++)
        {
            if (!byClass.TryGetValue(labels[id], out var ids))
            {
                byClass.Add(labels[id], ids = []);
            }

            ids.Add(id);
        }

        var folds = new List<int>[k];
        for (int f = 0; f < k; f++)
        {
            folds[f] = new List<int>((n / k) + 1);
        }

        var random = new SplitMix64(seed);
        int next = 0;
        foreach (var ids in byClass.Values)
        {
            // Fisher–Yates with our own generator: System.Random's sequence for a seed may change between .NET versions.
            for (int i = ids.Count - 1; i > 0; i--)
            {
                int j = (int)random.NextBelow((ulong)i + 1);
                (ids[i], ids[j]) = (ids[j], ids[i]);
            }

            // The deal continues where the previous class stopped, so the folds stay balanced overall too.
            foreach (int id in ids)
            {
                folds[next].Add(id);
                next = (next + 1) % k;
            }
        }

        var result = new int[k][];
        for (int f = 0; f < k; f++)
        {
            result[f] = [.. folds[f]];
            Array.Sort(result[f]);
        }

        return result;
    }

    /// <summary>Writes <paramref name="batch"/> as a partitioned store whose parts are the <paramref name="k"/> stratified folds of its labels.</summary>
    public static void Write(StoreKind kind, string path, ImageBatch batch, int k, ulong seed, StoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        PartitionedStore.Write(kind, path, batch, Stratified(batch.Labels, k, seed), options);
    }

    /// <summary>The training split (every fold but <paramref name="testFold"/>, in fold order) and the test split (fold <paramref name="testFold"/>), as views of <paramref name="store"/>.</summary>
    public static (IImageStore Train, IImageStore Test) Split(PartitionedStore store, int testFold)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.PartCount < 2)
        {
            throw new ArgumentException($"The store at {store.Path} has {store.PartCount} part; a k-fold split needs at least 2.", nameof(store));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(testFold);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(testFold, store.PartCount);
        var train = store.Combined(Enumerable.Range(0, store.PartCount).Where(p => p != testFold));
        return (train, store.Part(testFold));
    }
}
