using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Parameters;
using ImageStorage.Benchmarks.Infrastructure;
using ImageStorage.Datasets;

namespace ImageStorage.Benchmarks.Questions;

/// <summary>
/// The article's large-image question: store and read the same 24 MiB of pixels as 32×32, 256×256 or 512×512 RGB
/// images. The Disk column shows whether LMDB's overflow pages inflate its files as the article predicts.
/// </summary>
[BenchmarkCategory("Questions", "Large")]
[ValidCases(nameof(IsCase))]
public class LargeImages : StoreAndRead
{
    private const long BytesPerRun = 24L << 20;

    /// <summary>Height and width of the square RGB images, in pixels.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Size { get; set; }

    /// <summary>Images per operation: as many as make 24 MiB at this size (a sixteenth of that in a smoke run).</summary>
    [ParamsSource(nameof(SizeCounts))]
    public override int Count { get; set; }

    /// <summary>The sizes: CIFAR's, and the two the article calls large.</summary>
    public static IEnumerable<int> Sizes => [32, 256, 512];

    /// <summary>The count of each size.</summary>
    public static IEnumerable<int> SizeCounts => Sizes.Select(CountFor);

    /// <summary>The cases that exist: each size with its own count.</summary>
    public static bool IsCase(ParameterInstances parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return (int)parameters[nameof(Count)] == CountFor((int)parameters[nameof(Size)]);
    }

    /// <inheritdoc />
    protected override ImageBatch CreateImages() => SyntheticImages.Generate(Count, new ImageShape(Size, Size, 3), BenchmarkData.Seed);

    private static int CountFor(int size) => (int)Math.Max(4, BytesPerRun / (SuiteSettings.Current.Smoke ? 16 : 1) / (3L * size * size));
}
