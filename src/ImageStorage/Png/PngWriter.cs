using System.Runtime.InteropServices;
using ImageStorage.IO;

namespace ImageStorage.Png;

/// <summary>Encodes each image to its own file on every core; the labels, checksums and manifest, written last, commit them.</summary>
internal sealed class PngWriter : StoreWriter
{
    private readonly StoreManifest _manifest;
    private readonly List<int> _labels;
    private readonly List<uint> _checksums;
    private readonly PngImageCodec _codec;

    public PngWriter(string path, ImageShape shape, StoreManifest manifest, int[] labels, uint[] checksums, PngCodec codec, StoreStaging? staging, StoreLock? storeLock)
        : base(path, shape, labels.Length, staging, storeLock)
    {
        _manifest = manifest;
        _codec = PngImageCodec.For(codec, shape);
        _labels = [.. labels];
        _checksums = [.. checksums];
    }

    protected override void WriteOne(int id, ReadOnlySpan<byte> pixels, int label)
    {
        EncodeFile(id, pixels);
        _labels.Add(label);
        if (_manifest.HasChecksums)
        {
            _checksums.Add(ImageChecksum.Compute(pixels, label));
        }
    }

    protected override void WriteMany(int firstId, ImageBatch batch)
    {
        ParallelWork.For(batch.Count, i => EncodeFile(firstId + i, batch.Image(i)));
        _labels.AddRange(batch.Labels);
        if (_manifest.HasChecksums)
        {
            _checksums.AddRange(ImageChecksum.ComputeAll(batch));
        }
    }

    protected override void Seal()
    {
        // One syncfs makes every image durable before the labels and the count that make them visible.
        AtomicPublish.SyncFileSystem(Location);
        AtomicPublish.WriteFile(System.IO.Path.Combine(Location, LabelsCsv.FileName), LabelsCsv.Format(CollectionsMarshal.AsSpan(_labels)));
        if (_manifest.HasChecksums)
        {
            AtomicPublish.WriteFile(System.IO.Path.Combine(Location, ChecksumsFile.FileName), MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(_checksums)));
        }

        _manifest.WithCount(Count).Write(Location);
    }

    protected override void Release(bool discard)
    {
        if (!discard || IsStaged)
        {
            return;
        }

        // Files of an append that was never committed are invisible; remove them so they do not linger.
        for (int id = CommittedCount; id < Count; id++)
        {
            File.Delete(System.IO.Path.Combine(Location, PngFormat.ImageFileName(id)));
        }
    }

    private void EncodeFile(int id, ReadOnlySpan<byte> pixels)
    {
        var encoded = _codec.Encode(pixels);
        using var handle = File.OpenHandle(System.IO.Path.Combine(Location, PngFormat.ImageFileName(id)), FileMode.Create, FileAccess.Write, FileShare.None);
        RandomAccess.Write(handle, encoded, 0);
    }
}
