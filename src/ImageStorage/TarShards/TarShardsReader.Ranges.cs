using System.Buffers;
using System.Globalization;
using ImageStorage.IO;

namespace ImageStorage.TarShards;

/// <summary>
/// Range reads. Raw members of consecutive ids lie one after another in a shard, separated only by 1,536 bytes of
/// tar headers and label member, so a run of them is one vectored read (preadv): the pixels land straight in the
/// caller's batch and the bytes between them in a scratch buffer — one kernel copy, a system call per thousand
/// images. Large ranges are split over the cores. PNG members are decoded on every core from the shards' maps.
/// </summary>
internal sealed partial class TarShardsReader
{
    // Below this many images, starting a second thread costs more than it saves.
    private const int ParallelThreshold = 2048;

    // Linux takes at most 1,024 buffers per vectored read (IOV_MAX).
    private const int MaxSegments = 1024;

    // One vectored read stops after this many bytes, far below the kernel's 2 GiB limit for one read.
    private const long MaxRunBytes = 64L << 20;

    // The bytes between two raw members (two headers and a label block) go to a scratch buffer of this size.
    private const int GapBytes = 64 << 10;

    protected override void ReadRangeCore(int start, ImageBatch destination, bool verify)
    {
        if (Encoding != RecordEncoding.Raw)
        {
            ParallelWork.For(destination.Count, i => destination.Labels[i] = ReadOne(start + i, destination.Image(i), verify), _parallelism);
            return;
        }

        if (destination.Count < 64)
        {
            base.ReadRangeCore(start, destination, verify);
            return;
        }

        int chunks = destination.Count >= ParallelThreshold ? _parallelism : 1;
        ParallelWork.ForChunks(destination.Count, chunks, (from, to) => ReadRawChunk(start + from, destination.Slice(from, to - from), verify));
    }

    // Reads raw images [start, start + destination.Count) in runs of one vectored read each.
    private void ReadRawChunk(int start, ImageBatch destination, bool verify)
    {
        int size = Shape.ByteCount;
        var segments = new List<Memory<byte>>(MaxSegments);
        byte[] gap = ArrayPool<byte>.Shared.Rent(GapBytes);
        try
        {
            var labels = destination.Labels;
            int i = 0;
            while (i < destination.Count)
            {
                int first = i;
                var entry = Entry(start + i);
                var shard = Shard(entry, start + i);
                long runStart = entry.Offset;
                long cursor = runStart;
                segments.Clear();
                while (i < destination.Count && segments.Count < MaxSegments - 1 && cursor - runStart < MaxRunBytes)
                {
                    if (i > first)
                    {
                        entry = Entry(start + i);
                    }

                    long between = entry.Offset - cursor;
                    if (entry.Shard != shard.Number || between < 0 || between > GapBytes)
                    {
                        break;
                    }

                    CheckRawLength(entry, start + i);
                    if (between > 0)
                    {
                        segments.Add(gap.AsMemory(0, (int)between));
                    }

                    segments.Add(destination.PixelMemory.Slice(i * size, size));
                    labels[i] = entry.Label;
                    cursor = entry.End;
                    i++;
                }

                long read = RandomAccess.Read(shard.File(Path, start + first), segments, runStart);
                if (read < cursor - runStart)
                {
                    throw new CorruptStoreException(shard.Path, start + first, string.Create(CultureInfo.InvariantCulture, $"truncated: the shard ended at byte {runStart + read}, images {start + first}–{start + i - 1} need up to {cursor}."));
                }
            }

            if (verify)
            {
                for (int k = 0; k < destination.Count; k++)
                {
                    Finish(start + k, destination.Image(k), labels[k], verify: true);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(gap);
        }
    }
}
