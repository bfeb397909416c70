using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Parameters;
using ImageStorage.Benchmarks.Infrastructure;

namespace ImageStorage.Benchmarks.Questions;

/// <summary>
/// Stores holding PNG bytes instead of pixels (Caffe's --encoded, FFCV's jpg fields): the time to store and read
/// 1,000 images against the disk they take, for every method that can hold either (Raw's pixels are the baseline).
/// </summary>
[BenchmarkCategory("Questions", "Encoded")]
[ValidCases(nameof(IsCase))]
public class EncodedRecords : StoreAndRead
{
    /// <summary>Images per operation: the questions' count, at most 1,000 (PNG records are encoded on every store).</summary>
    [ParamsSource(nameof(EncodingQuestionCount))]
    public override int Count { get; set; }

    /// <summary>Raw pixels or PNG bytes in each record.</summary>
    [Params(RecordEncoding.Raw, RecordEncoding.Png)]
    public RecordEncoding Encoding { get; set; }

    /// <inheritdoc />
    protected override StoreOptions Options => new() { Encoding = Encoding };

    /// <summary>The cases that exist: Raw's pixels (the baseline), and each encoding of every method that can hold more than one, as the library says.</summary>
    public static bool IsCase(ParameterInstances parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var kind = (StoreKind)parameters[nameof(Method)];
        var encoding = (RecordEncoding)parameters[nameof(Encoding)];
        var encodings = ImageStores.Encodings(kind);
        return kind == StoreKind.Raw ? encoding == RecordEncoding.Raw : encodings.Count > 1 && encodings.Contains(encoding);
    }
}
