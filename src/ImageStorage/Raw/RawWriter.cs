using System.Runtime.InteropServices;
using ImageStorage.IO;
using Microsoft.Win32.SafeHandles;

namespace ImageStorage.Raw;

/// <summary>Writes pixels, labels and checksums with positioned writes; the manifest, written last, is what commits them.</summary>
internal sealed class RawWriter : StoreWriter
{
    private readonly StoreManifest _manifest;
    private readonly SafeFileHandle _images;
    private readonly SafeFileHandle _labels;
    private readonly SafeFileHandle? _checksums;
    private bool _closed;

    public RawWriter(string path, ImageShape shape, StoreManifest manifest, StoreStaging? staging, StoreLock? storeLock)
        : base(path, shape, manifest.Count ?? 0, staging, storeLock)
    {
        _manifest = manifest;
        var opened = new List<SafeFileHandle>();
        try
        {
            _images = OpenForWrite(RawFormat.ImagesFile, (long)CommittedCount * shape.ByteCount, opened);
            _labels = OpenForWrite(RawFormat.LabelsFile, (long)CommittedCount * sizeof(int), opened);
            // A store written before checksums existed stays without them: its old images have none.
            _checksums = manifest.HasChecksums ? OpenForWrite(ChecksumsFile.FileName, (long)CommittedCount * sizeof(uint), opened) : null;
        }
        catch
        {
            opened.ForEach(h => h.Dispose());
            staging?.Discard();
            storeLock?.Dispose();
            throw;
        }
    }

    protected override void WriteOne(int id, ReadOnlySpan<byte> pixels, int label)
    {
        RandomAccess.Write(_images, pixels, (long)id * Shape.ByteCount);
        RandomAccess.Write(_labels, MemoryMarshal.AsBytes([label]), (long)id * sizeof(int));
        if (_checksums is not null)
        {
            RandomAccess.Write(_checksums, MemoryMarshal.AsBytes([ImageChecksum.Compute(pixels, label)]), (long)id * sizeof(uint));
        }
    }

    protected override void WriteMany(int firstId, ImageBatch batch)
    {
        RandomAccess.Write(_images, batch.Pixels, (long)firstId * Shape.ByteCount);
        RandomAccess.Write(_labels, MemoryMarshal.AsBytes(batch.Labels), (long)firstId * sizeof(int));
        if (_checksums is not null)
        {
            RandomAccess.Write(_checksums, MemoryMarshal.AsBytes(ImageChecksum.ComputeAll(batch).AsSpan()), (long)firstId * sizeof(uint));
        }
    }

    protected override void Seal()
    {
        RandomAccess.FlushToDisk(_images);
        RandomAccess.FlushToDisk(_labels);
        if (_checksums is not null)
        {
            RandomAccess.FlushToDisk(_checksums);
        }

        Close();
        _manifest.WithCount(Count).Write(Location);
    }

    protected override void Release(bool discard)
    {
        if (discard && !IsStaged && !_closed)
        {
            // Bytes past the committed count are invisible; give their disk space back now.
            RandomAccess.SetLength(_images, (long)CommittedCount * Shape.ByteCount);
            RandomAccess.SetLength(_labels, (long)CommittedCount * sizeof(int));
            if (_checksums is not null)
            {
                RandomAccess.SetLength(_checksums, (long)CommittedCount * sizeof(uint));
            }
        }

        Close();
    }

    private void Close()
    {
        _closed = true;
        _images.Dispose();
        _labels.Dispose();
        _checksums?.Dispose();
    }

    private SafeFileHandle OpenForWrite(string name, long committedLength, List<SafeFileHandle> opened)
    {
        var handle = CommittedFile.OpenForWrite(Location, name, committedLength);
        opened.Add(handle);
        return handle;
    }
}
