using ImageStorage.IO;

namespace ImageStorage.Arrow;

/// <summary>
/// Reads an Arrow store from its memory map: an image is one copy from the page cache into the caller's memory, a
/// range one copy per record batch it spans; large ranges and id lists are split over the cores.
/// </summary>
internal sealed class ArrowReader(ArrowStoreFile file, StoreOptions options)
    : StoreReader(file.Path, StoreKind.Arrow, file.Shape, file.Count, new StoreReaderTraits(RecordEncoding.Raw, HasChecksums: true, options.VerifyChecksums) { ClassNames = ArrowLayout.Classes(file.Schema, file.Path) })
{
    // Below this many images, a second thread costs more than it saves.
    private const int ParallelThreshold = 2048;

    protected override int ReadOne(int id, Span<byte> pixels, bool verify)
    {
        Span<int> label = stackalloc int[1];
        ReadRows(id, pixels, label, verify);
        return label[0];
    }

    protected override void ReadRangeCore(int start, ImageBatch destination, bool verify)
    {
        int chunks = destination.Count >= ParallelThreshold ? Environment.ProcessorCount : 1;
        ParallelWork.ForChunks(destination.Count, chunks, (from, to) =>
        {
            var part = destination.Slice(from, to - from);
            ReadRows(start + from, part.Pixels, part.Labels, verify);
        });
    }

    protected override void ReadManyCore(ReadOnlySpan<int> ids, ImageBatch destination, bool verify)
    {
        if (ids.Length < ParallelThreshold)
        {
            ReadIds(ids, destination, verify);
            return;
        }

        int[] all = ids.ToArray();
        ParallelWork.ForChunks(all.Length, Environment.ProcessorCount, (from, to) => ReadIds(all.AsSpan(from, to - from), destination.Slice(from, to - from), verify));
    }

    protected override void Dispose(bool disposing) => file.Dispose();

    private void ReadIds(ReadOnlySpan<int> ids, ImageBatch destination, bool verify)
    {
        var labels = destination.Labels;
        for (int i = 0; i < ids.Length; i++)
        {
            ReadRows(ids[i], destination.Image(i), labels.Slice(i, 1), verify);
        }
    }

    // Images [start, start + labels.Length): one copy per record batch the range spans.
    private void ReadRows(int start, Span<byte> pixels, Span<int> labels, bool verify)
    {
        int width = Shape.ByteCount;
        for (int done = 0; done < labels.Length;)
        {
            int id = start + done;
            var batch = file.Batches[id / file.BatchRows];
            int row = id - batch.FirstId;
            int rows = Math.Min(labels.Length - done, batch.Count - row);
            if (batch.Pixels.NullCount > 0)
            {
                for (int r = row; r < row + rows; r++)
                {
                    if (batch.Pixels.IsNull(r))
                    {
                        throw new ImageNotFoundException(Path, batch.FirstId + r, $"its value in the '{ArrowLayout.PixelsColumn}' column is null.");
                    }
                }
            }

            batch.PixelRows(row, rows, width).CopyTo(pixels.Slice(done * width, rows * width));
            var source = batch.Labels.Values.Slice(row, rows);
            var sums = batch.Checksums.Values.Slice(row, rows);
            for (int r = 0; r < rows; r++)
            {
                int label = source[r];
                if (label < 0)
                {
                    throw new CorruptStoreException(Path, id + r, $"negative label {label}.");
                }

                labels[done + r] = label;
                if (verify)
                {
                    ImageChecksum.Check(Path, id + r, pixels.Slice((done + r) * width, width), label, sums[r]);
                }
            }

            done += rows;
        }
    }
}
