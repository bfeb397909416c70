using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Parameters;
using ImageStorage.Benchmarks.Infrastructure;

namespace ImageStorage.Benchmarks.Questions;

/// <summary>
/// The PNG store written and read with each PNG codec (<see cref="StoreOptions.PngCodec"/>) at the questions'
/// count (10,000 images by default: one 100,000-image PNG store takes ~25 s with SkiaSharp), against Raw: what the codec choice costs a whole data set, where <c>PngCodecs</c> times one image.
/// </summary>
[BenchmarkCategory("Questions", "Png", "Codec")]
[ValidCases(nameof(IsCase))]
public class PngCodecStores : StoreAndRead
{
    /// <summary>Images per operation: the questions' count.</summary>
    [ParamsSource(nameof(QuestionCount))]
    public override int Count { get; set; }

    /// <summary>The PNG directory store, and Raw as the baseline.</summary>
    [Params(StoreKind.Raw, StoreKind.Png)]
    public override StoreKind Method { get; set; }

    /// <summary>The codec that encodes on store and decodes on read.</summary>
    [Params(PngCodec.SkiaSharp, PngCodec.ImageSharp)]
    public PngCodec Codec { get; set; }

    /// <inheritdoc />
    protected override StoreOptions Options => new() { PngCodec = Codec };

    /// <inheritdoc />
    protected override StoreOptions ReadOptions => Options;

    /// <summary>The cases that exist: Raw once (it holds no PNG files), PNG with each codec.</summary>
    public static bool IsCase(ParameterInstances parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return (StoreKind)parameters[nameof(Method)] != StoreKind.Raw || (PngCodec)parameters[nameof(Codec)] == PngCodec.SkiaSharp;
    }
}
