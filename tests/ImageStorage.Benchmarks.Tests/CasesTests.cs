using BenchmarkDotNet.Running;
using ImageStorage.Benchmarks.Infrastructure;
using ImageStorage.Benchmarks.Macro;
using ImageStorage.Benchmarks.Micro;
using ImageStorage.Benchmarks.Questions;
using ImageStorage.Benchmarks.Training;

namespace ImageStorage.Benchmarks.Tests;

/// <summary>The cases the suite's config expands every benchmark class into, as BenchmarkDotNet will run them (smoke settings).</summary>
public sealed class CasesTests
{
    // The kinds the suite compares: every kind at a local path (the S3 kinds need a service).
    private static readonly StoreKind[] LocalKinds = [.. Enum.GetValues<StoreKind>().Where(k => !ImageStores.IsObjectStorage(k))];

    private static readonly Lazy<IReadOnlyList<BenchmarkCase>> All = new(() =>
    {
        SuiteSettings.Extract(["--smoke"], Path.Combine(Path.GetTempPath(), "imagestorage-bench-tests-unused"));
        var config = SuiteConfig.Create(SuiteSettings.Current);
        return [.. typeof(Program).Assembly.GetTypes()
            .Where(t => t.IsPublic && !t.IsAbstract && t.GetMethods().Any(m => m.IsDefined(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), true)))
            .SelectMany(t => BenchmarkConverter.TypeToBenchmarks(t, config).BenchmarksCases)];
    });

    [Fact]
    public void Every_case_beyond_single_images_reports_its_image_count()
    {
        var cases = All.Value.Where(c => c.Descriptor.Type != typeof(StoreSingle) && c.Descriptor.Type != typeof(ReadSingle) && c.Descriptor.Type != typeof(PngCodecs)).ToList();
        Assert.NotEmpty(cases);
        foreach (var benchmarkCase in cases)
        {
            Assert.True(
                benchmarkCase.Parameters.Items.Any(p => p.Name == "Count" && p.Value is int count && count > 1),
                $"{benchmarkCase.DisplayInfo} has no Count parameter above 1");
        }
    }

    [Fact]
    public void Every_experiment_compares_every_store_kind_unless_it_is_about_one()
    {
        foreach (var type in new[] { typeof(ReadMany), typeof(StoreMany), typeof(ReadSingle), typeof(StoreSingle), typeof(AccessOrder), typeof(ParallelRead), typeof(SplitRead), typeof(KFoldRead), typeof(LargeImages), typeof(Epoch), typeof(ColdEpoch), typeof(ColdEpochBaseline) })
        {
            var methods = All.Value.Where(c => c.Descriptor.Type == type).Select(c => (StoreKind)c.Parameters["Method"]).Distinct().Order();
            Assert.Equal(LocalKinds.Order(), methods);
        }

        Assert.All(All.Value.Where(c => c.Descriptor.Type == typeof(LmdbTransactions)), c => Assert.Equal(StoreKind.Lmdb, c.Parameters["Method"]));
    }

    [Fact]
    public void Large_images_pair_each_size_with_one_count_that_keeps_the_pixels_the_same()
    {
        var cases = All.Value.Where(c => c.Descriptor.Type == typeof(LargeImages)).ToList();
        // Every method × three sizes × store and read: no size with another size's count.
        Assert.Equal(LocalKinds.Length * 3 * 2, cases.Count);
        var pairs = cases.Select(c => (Size: (int)c.Parameters["Size"], Count: (int)c.Parameters["Count"])).Distinct().OrderBy(p => p.Size).ToList();
        Assert.Equal([32, 256, 512], pairs.Select(p => p.Size));
        // A smoke run stores a sixteenth of 24 MiB, at least four images.
        Assert.Equal([512, 8, 4], pairs.Select(p => p.Count));
    }

    [Fact]
    public void Encoded_records_exist_only_where_the_store_can_hold_them()
    {
        var cases = All.Value.Where(c => c.Descriptor.Type == typeof(EncodedRecords)).ToList();
        Assert.NotEmpty(cases);
        foreach (var benchmarkCase in cases)
        {
            var kind = (StoreKind)benchmarkCase.Parameters["Method"];
            Assert.Contains((RecordEncoding)benchmarkCase.Parameters["Encoding"], ImageStores.Encodings(kind));
        }

        Assert.Contains(cases, c => (StoreKind)c.Parameters["Method"] == StoreKind.Raw);
        Assert.Contains(cases, c => (RecordEncoding)c.Parameters["Encoding"] == RecordEncoding.Png);
    }

    [Fact]
    public void An_epoch_is_every_order_and_layout_at_the_largest_count_and_the_tensor_and_compute_epochs_take_the_fast_stores()
    {
        var kinds = LocalKinds.Length;
        // Three orders × two layouts warm, three orders cold, one baseline read, each once per method at the smoke run's largest count.
        Assert.Equal(kinds * 6, All.Value.Count(c => c.Descriptor.Type == typeof(Epoch)));
        Assert.Equal(kinds * 3, All.Value.Count(c => c.Descriptor.Type == typeof(ColdEpoch)));
        Assert.Equal(kinds, All.Value.Count(c => c.Descriptor.Type == typeof(ColdEpochBaseline)));
        var epochs = All.Value.Where(c => typeof(EpochBenchmark).IsAssignableFrom(c.Descriptor.Type)).ToList();
        Assert.All(epochs, c => Assert.Equal(100, c.Parameters["Count"]));

        StoreKind[] MethodsOf(Type type) => [.. All.Value.Where(c => c.Descriptor.Type == type).Select(c => (StoreKind)c.Parameters["Method"]).Distinct().Order()];
        Assert.Equal([StoreKind.Raw, StoreKind.Lmdb], MethodsOf(typeof(TensorEpoch)));
        Assert.Equal([StoreKind.Raw, StoreKind.Lmdb, StoreKind.Hdf5], MethodsOf(typeof(EpochWithCompute)));
    }
}
