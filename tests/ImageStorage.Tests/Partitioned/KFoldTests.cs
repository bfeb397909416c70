using ImageStorage.Partitioned;

namespace ImageStorage.Tests.Partitioned;

/// <summary>Stratified folds are balanced, complete, reproducible from their seed, and split a stored set without copying it.</summary>
public class KFoldTests
{
    public static TheoryData<StoreKind> Kinds() => new(TestImages.LocalKinds);

    [Fact]
    public void Folds_keep_class_proportions_and_cover_every_id_once()
    {
        const int n = 1000, k = 5;
        int[] labels = TestImages.Batch(n, ImageShape.Cifar10).Labels.ToArray();
        Assert.True(labels.Distinct().Count() == 10, "the synthetic batch should hold all 10 classes");

        int[][] folds = KFold.Stratified(labels, k, seed: 42);
        Assert.Equal(k, folds.Length);

        int[] all = folds.SelectMany(f => f).ToArray();
        Assert.True(all.Length == n, $"the folds hold {all.Length} ids, not {n}");
        Assert.True(all.Distinct().Count() == n, "an id is in two folds");
        Assert.Equal(Enumerable.Range(0, n), all.Order());

        for (int c = 0; c < 10; c++)
        {
            int[] perFold = folds.Select(f => f.Count(id => labels[id] == c)).ToArray();
            Assert.True(perFold.Max() - perFold.Min() <= 1, $"class {c} is spread {string.Join(", ", perFold)} over the folds");
        }

        int[] sizes = folds.Select(f => f.Length).ToArray();
        Assert.True(sizes.Max() - sizes.Min() <= 1, $"fold sizes {string.Join(", ", sizes)} differ by more than one");
        foreach (int[] fold in folds)
        {
            Assert.True(fold.SequenceEqual(fold.Order()), "a fold's ids are not in storage order");
        }
    }

    [Fact]
    public void The_seed_decides_the_folds()
    {
        int[] labels = TestImages.Batch(1000, ImageShape.Cifar10).Labels.ToArray();
        int[][] once = KFold.Stratified(labels, 5, seed: 42);
        int[][] again = KFold.Stratified(labels, 5, seed: 42);
        int[][] other = KFold.Stratified(labels, 5, seed: 43);
        Assert.True(once.Zip(again).All(p => p.First.SequenceEqual(p.Second)), "the same seed gave different folds");
        Assert.False(once.Zip(other).All(p => p.First.SequenceEqual(p.Second)), "another seed gave the same folds");
    }

    [Fact]
    public void The_folds_of_a_seed_never_change()
    {
        // Stored folds must be reproducible on any .NET version; these were computed independently, in Python.
        int[] labels = [0, 1, 0, 1, 0, 1, 0, 1, 2, 2];
        int[][] folds = KFold.Stratified(labels, 3, seed: 2024);
        int[][] expected = [[0, 2, 5, 9], [1, 3, 6], [4, 7, 8]];
        Assert.Equal(expected, folds);
    }

    [Fact]
    public void K_equal_to_n_puts_one_image_in_each_fold()
    {
        int[][] folds = KFold.Stratified([3, 3, 1, 1, 2], 5, seed: 1);
        Assert.All(folds, f => Assert.Single(f));
        Assert.Equal([0, 1, 2, 3, 4], folds.Select(f => f[0]).Order());
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(0, 10)]
    [InlineData(11, 10)]
    [InlineData(2, 1)]
    public void K_outside_2_to_n_is_refused(int k, int n)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => KFold.Stratified(new int[n], k, seed: 1));
        Assert.Equal("k", e.ParamName);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Split_reads_train_and_test_byte_exact_without_overlap(StoreKind kind)
    {
        using var dir = new TempDirectory();
        const int n = 200, k = 5;
        var batch = TestImages.Batch(n, ImageShape.Cifar10);
        string path = dir.Combine("folds");
        KFold.Write(kind, path, batch, k, seed: 9);

        using var store = PartitionedStore.Open(path);
        int[][] folds = KFold.Stratified(batch.Labels, k, seed: 9);
        Assert.Equal(k, store.PartCount);
        for (int f = 0; f < k; f++)
        {
            Assert.True(store.SourceIds(f).SequenceEqual(folds[f]), $"fold {f} as stored differs from KFold.Stratified");
        }

        int testFold = 2;
        var (train, test) = KFold.Split(store, testFold);
        using (train)
        using (test)
        {
            Assert.True(train.Count + test.Count == n, $"train {train.Count} + test {test.Count} != {n}");
            int[] trainIds = Enumerable.Range(0, k).Where(f => f != testFold).SelectMany(f => store.SourceIds(f).ToArray()).ToArray();
            int[] testIds = store.SourceIds(testFold).ToArray();
            Assert.Equal(train.Count, trainIds.Length);
            Assert.Empty(trainIds.Intersect(testIds));

            TestImages.AssertEqual(PartitionedStoreTests.Gather(batch, trainIds), train.ReadAll());
            TestImages.AssertEqual(PartitionedStoreTests.Gather(batch, testIds), test.ReadAll());
        }
    }

    [Fact]
    public void Split_refuses_a_fold_that_is_not_there()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("folds");
        KFold.Write(StoreKind.Raw, path, TestImages.Batch(20, ImageShape.Cifar10), 4, seed: 1);
        using var store = PartitionedStore.Open(path);
        Assert.Throws<ArgumentOutOfRangeException>(() => KFold.Split(store, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => KFold.Split(store, -1));
    }
}
