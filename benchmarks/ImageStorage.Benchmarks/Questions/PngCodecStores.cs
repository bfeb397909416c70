using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Parameters;
using ImageStorage.Benchmarks.Infrastructure;

namespace ImageStorage.Benchmarks.Questions;

/// <summary>
/// The PNG store written and read with each PNG codec (<see cref="StoreOptions.PngCodec"/>) at the questions'
/// count capped at 1,000, against Raw: what the codec choice costs a whole data set, where <c>PngCodecs</c> times one image.
/// </summary>
[BenchmarkCategory("Questions", "Png", "Codec")]
[ValidCases(nameof(IsCase))]
public class PngCodecStores : StoreAndRead
{
    /// <summary>Images per operation: the questions' count, at most 1,000 (each is PNG-encoded on store and decoded on read).</summary>
    [ParamsSource(nameof(EncodingQuestionCount))]
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
