using ImageStorage.Png;

namespace ImageStorage.Records;

/// <summary>
/// A batch of images as stores write them: each image's payload (its pixels, or its PNG file) and checksum, the
/// PNG encodings and checksums computed on every core up front, so the store's own write loop only copies.
/// </summary>
internal sealed class RecordBatch
{
    private readonly ImageBatch _batch;
    private readonly byte[][]? _png;
    private readonly uint[]? _checksums;

    private RecordBatch(ImageBatch batch, byte[][]? png, uint[]? checksums)
    {
        _batch = batch;
        _png = png;
        _checksums = checksums;
        PayloadBytes = png?.Sum(p => (long)p.Length) ?? (long)batch.Count * batch.Shape.ByteCount;
    }

    /// <summary>Images in the batch.</summary>
    public int Count => _batch.Count;

    /// <summary>How the payloads hold the images.</summary>
    public RecordEncoding Encoding => _png is null ? RecordEncoding.Raw : RecordEncoding.Png;

    /// <summary>Bytes of all payloads together.</summary>
    public long PayloadBytes { get; }

    /// <summary>Prepares <paramref name="batch"/>: PNG-encodes it with <paramref name="codec"/> if <paramref name="encoding"/> says so, and computes checksums if <paramref name="checksums"/>.</summary>
    public static RecordBatch Prepare(ImageBatch batch, RecordEncoding encoding, PngCodec codec, bool checksums)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new RecordBatch(
            batch,
            encoding == RecordEncoding.Png ? PngImageCodec.For(codec, batch.Shape).EncodeAll(batch) : null,
            checksums ? ImageChecksum.ComputeAll(batch) : null);
    }

    /// <summary>Image <paramref name="index"/> as stored: its pixels, or its PNG file.</summary>
    public ReadOnlySpan<byte> Payload(int index) => _png is null ? _batch.Image(index) : _png[index];

    /// <summary>The label of image <paramref name="index"/>.</summary>
    public int Label(int index) => _batch.Labels[index];

    /// <summary>The checksum of image <paramref name="index"/> (0 when the batch was prepared without checksums).</summary>
    public uint Checksum(int index) => _checksums?[index] ?? 0;

    /// <summary>Every image's checksum, in order (empty when the batch was prepared without checksums).</summary>
    public ReadOnlySpan<uint> Checksums => _checksums;

    /// <summary>The size of image <paramref name="index"/>'s <see cref="ImageRecord"/> of <paramref name="version"/>.</summary>
    public int RecordSize(int index, byte version) => ImageRecord.HeaderSizeOf(version) + Payload(index).Length;

    /// <summary>Writes image <paramref name="index"/> as the <see cref="ImageRecord"/> of image <paramref name="id"/>; returns its size.</summary>
    public int WriteRecord(int index, int id, byte version, Span<byte> destination)
    {
        var payload = Payload(index);
        int headerSize = ImageRecord.HeaderSizeOf(version);
        ImageRecord.WriteHeader(destination, version, _batch.Shape, id, Label(index), ImageRecord.EncodingByte(Encoding), Checksum(index));
        payload.CopyTo(destination[headerSize..]);
        return headerSize + payload.Length;
    }
}
