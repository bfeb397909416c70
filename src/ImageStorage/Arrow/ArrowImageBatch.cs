using Apache.Arrow;

namespace ImageStorage.Arrow;

/// <summary>One record batch of a store as read: its three columns, views into the file's memory map.</summary>
/// <param name="FirstId">The id of the batch's first row.</param>
/// <param name="Pixels">The <c>pixels</c> column.</param>
/// <param name="Labels">The <c>label</c> column.</param>
/// <param name="Checksums">The <c>checksum</c> column.</param>
/// <param name="Batch">The record batch itself, as Apache.Arrow read it.</param>
internal sealed record ArrowImageBatch(int FirstId, Apache.Arrow.Arrays.FixedSizeBinaryArray Pixels, Int32Array Labels, UInt32Array Checksums, RecordBatch Batch)
{
    /// <summary>Rows in the batch.</summary>
    public int Count => Batch.Length;

    /// <summary>The pixel bytes of rows [<paramref name="row"/>, <paramref name="row"/> + <paramref name="rows"/>) of <paramref name="byteWidth"/> bytes each.</summary>
    public ReadOnlySpan<byte> PixelRows(int row, int rows, int byteWidth) =>
        Pixels.ValueBuffer.Span.Slice((Pixels.Offset + row) * byteWidth, rows * byteWidth);
}
