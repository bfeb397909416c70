using System.Buffers;
using ImageStorage.IO;
using ImageStorage.Png;
using PureHDF.Selections;

namespace ImageStorage.Hdf5;

/// <summary>Reads a PNG-encoded HDF5 store: a range's PNG bytes are one read of the <c>png</c> dataset, decoded on every core.</summary>
internal sealed class Hdf5PngReader : Hdf5Reader
{
    private readonly Hdf5Integers _offsets;
    private readonly int _parallelism;
    private readonly PngImageCodec _codec;

    public Hdf5PngReader(Hdf5StoreFile file, StoreOptions options)
        : base(file, options)
    {
        _offsets = new Hdf5Integers(file, file.PngOffsets!);
        _parallelism = options.DecodeParallelism;
        _codec = PngImageCodec.For(options.PngCodec, file.Shape);
    }

    protected override int ReadOne(int id, Span<byte> pixels, bool verify)
    {
        byte[] png = ReadPng(id, 1, out long[] bounds);
        try
        {
            _codec.Decode(png.AsSpan(0, (int)bounds[1]), pixels, Path, id);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(png);
        }

        int label = Label(id);
        Check(id, pixels, label, verify);
        return label;
    }

    protected override void ReadRangeCore(int start, ImageBatch destination, bool verify)
    {
        File.Labels.Read(start, destination.Labels);
        byte[] png = ReadPng(start, destination.Count, out long[] bounds);
        try
        {
            ParallelWork.For(destination.Count, i =>
            {
                _codec.Decode(png.AsSpan((int)bounds[i], (int)(bounds[i + 1] - bounds[i])), destination.Image(i), Path, start + i);
                Check(start + i, destination.Image(i), destination.Labels[i], verify);
            }, _parallelism);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(png);
        }
    }

    // Reads the PNG bytes of images [start, start + count) in one read into a pooled buffer (returned by the caller); bounds are relative to it.
    private byte[] ReadPng(int start, int count, out long[] bounds)
    {
        bounds = new long[count + 1];
        _offsets.Read(start, bounds, start);
        long first = bounds[0];
        long total = (long)File.Images.Space.Dimensions[0];
        for (int i = 0; i <= count; i++)
        {
            bounds[i] -= first;
            if (bounds[i] < (i == 0 ? 0 : bounds[i - 1]) || first + bounds[i] > total)
            {
                throw new CorruptStoreException(Path, start + Math.Max(0, i - 1), $"bad PNG offsets in '{Hdf5Format.PngOffsetsDataset}': [{first + bounds[Math.Max(0, i - 1)]}, {first + bounds[i]}) in a dataset of {total} bytes.");
            }
        }

        long bytes = bounds[count];
        if (bytes > int.MaxValue)
        {
            throw new CorruptStoreException(Path, start, $"{bytes} bytes of PNG data for {count} images do not fit one read.");
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(1, bytes));
        if (File.ImagesOffset is long data)
        {
            File.ReadExactly(buffer.AsSpan(0, (int)bytes), data + first, start);
        }
        else if (bytes > 0)
        {
            // Without a known offset PureHDF reads the bytes: a 1-D selection, which it reads fast.
            try
            {
                File.Images.Read(buffer.AsMemory(0, (int)bytes), fileSelection: new HyperslabSelection(start: (ulong)first, block: (ulong)bytes), memoryDims: [(ulong)bytes]);
            }
            catch (Exception e) when (e is not ImageStoreException)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw new CorruptStoreException(Path, start, $"PureHDF cannot read the PNG bytes: {e.Message}", e);
            }
        }

        return buffer;
    }
}
