using ImageStorage.IO;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace ImageStorage.Hdf5;

/// <summary>Reads a raw-pixel HDF5 store: a range is one positioned read of the contiguous <c>images</c> dataset straight into the caller's memory.</summary>
internal sealed class Hdf5PixelReader(Hdf5StoreFile file, StoreOptions options) : Hdf5Reader(file, options)
{
    protected override int ReadOne(int id, Span<byte> pixels, bool verify)
    {
        ReadImages(id, 1, pixels);
        int label = Label(id);
        Check(id, pixels, label, verify);
        return label;
    }

    protected override void ReadRangeCore(int start, ImageBatch destination, bool verify)
    {
        ReadImages(start, destination.Count, destination.Pixels);
        File.Labels.Read(start, destination.Labels);
        if (verify)
        {
            ParallelWork.For(destination.Count, i => Check(start + i, destination.Image(i), destination.Labels[i], verify: true));
        }
    }

    protected override void ReadManyCore(ReadOnlySpan<int> ids, ImageBatch destination, bool verify)
    {
        var labels = destination.Labels;
        for (int i = 0; i < ids.Length; i++)
        {
            labels[i] = ReadOne(ids[i], destination.Image(i), verify);
        }
    }

    private void ReadImages(int start, int count, Span<byte> destination)
    {
        if (File.ImagesOffset is long offset)
        {
            File.ReadExactly(destination, offset + ((long)start * Shape.ByteCount), start);
            return;
        }

        try
        {
            var selection = new HyperslabSelection(rank: 4, starts: [(ulong)start, 0, 0, 0], blocks: [(ulong)count, (ulong)Shape.Height, (ulong)Shape.Width, (ulong)Shape.Channels]);
            ((NativeDataset)File.Images).Read(destination, fileSelection: selection);
        }
        catch (Exception e) when (e is not ImageStoreException)
        {
            throw new CorruptStoreException(Path, start, $"PureHDF cannot read the images: {e.Message}", e);
        }
    }
}
