using BenchmarkDotNet.Attributes;
using ImageStorage.Benchmarks.Infrastructure;
using ImageStorage.Datasets;

namespace ImageStorage.Benchmarks.Questions;

/// <summary>
/// The article's large-image question: store and read the same 24 MiB of pixels as 32×32, 256×256 or 512×512 RGB
/// images. The Disk column shows whether LMDB's overflow pages inflate its files as the article predicts.
/// </summary>
[BenchmarkCategory("Questions", "Large")]
public class LargeImages : StoreAndRead
{
    private const long BytesPerRun = 24L << 20;

    /// <summary>Height and width of the square RGB images.</summary>
    [Params(32, 256, 512)]
    public int Size { get; set; }

    /// <summary>Images per operation: as many as make 24 MiB (a sixteenth of that in a smoke run).</summary>
    public int Count => (int)Math.Max(4, BytesPerRun / (SuiteSettings.Current.Smoke ? 16 : 1) / (3L * Size * Size));

    /// <inheritdoc />
    protected override (string Name, object Value)[] DiskKey => [("Size", Size)];

    /// <inheritdoc />
    protected override ImageBatch CreateImages() => SyntheticImages.Generate(Count, new ImageShape(Size, Size, 3));
}
