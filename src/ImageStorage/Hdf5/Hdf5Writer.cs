using System.Runtime.InteropServices;
using ImageStorage.IO;
using ImageStorage.Png;
using Microsoft.Win32.SafeHandles;
using PureHDF;

namespace ImageStorage.Hdf5;

/// <summary>
/// Writes an HDF5 store. The usual case — one add-many into a new store — is one PureHDF write straight from the
/// caller's memory. PureHDF cannot extend a file, so anything more (later batches, or an append) builds a new file at
/// commit: PureHDF lays it out with the final sizes, then the data bytes are copied into it file to file — the earlier
/// file's contiguous data as they are (no decoding, no re-encoding of PNG records), then the batches kept in a
/// sidecar — in bounded memory. PureHDF's own N-D hyperslab writes would cost ~0.6 ms per image (measured).
/// </summary>
internal sealed class Hdf5Writer : StoreWriter
{
    private const int CopyChunk = 8 << 20;

    private readonly RecordEncoding _encoding;
    private readonly bool _checksums;
    private readonly string[]? _classes;
    private readonly PngImageCodec _codec;
    private string? _base;
    private bool _baseIsOurs;
    private Hdf5Spill? _spill;

    private Hdf5Writer(string path, ImageShape shape, int committedCount, RecordEncoding encoding, bool checksums, string[]? classes, PngCodec codec, string? existing, StoreStaging staging, StoreLock? storeLock)
        : base(path, shape, committedCount, staging, storeLock)
    {
        _encoding = encoding;
        _checksums = checksums;
        _classes = classes;
        _codec = PngImageCodec.For(codec, shape);
        _base = existing;
    }

    public static Hdf5Writer ForNew(string path, ImageShape shape, StoreOptions options, StoreStaging staging) =>
        new(path, shape, 0, options.Encoding, checksums: true, options.ClassNames?.ToArray(), options.PngCodec, existing: null, staging, storeLock: null);

    public static Hdf5Writer ForAppend(string path, PngCodec codec, StoreStaging staging, StoreLock storeLock)
    {
        try
        {
            using var existing = Hdf5StoreFile.Open(path);
            // A store without checksums (written before them, or by h5py) stays without: its old images have none.
            return new Hdf5Writer(path, existing.Shape, existing.Count, existing.Encoding, existing.Version >= 2, existing.Classes, codec, path, staging, storeLock);
        }
        catch
        {
            staging.Discard();
            throw;
        }
    }

    protected override void WriteOne(int id, ReadOnlySpan<byte> pixels, int label)
    {
        var one = ImageBatch.Allocate(Shape, 1);
        pixels.CopyTo(one.Pixels);
        one.Labels[0] = label;
        Spill(one);
    }

    protected override void WriteMany(int firstId, ImageBatch batch)
    {
        if (_base is null && _spill is null)
        {
            // The usual case, one batch into a new store: write the whole file now, from the caller's memory.
            WriteWhole(Location, batch);
            _base = Location;
            _baseIsOurs = true;
            return;
        }

        Spill(batch);
    }

    protected override void Seal()
    {
        if (_base is null && _spill is null)
        {
            WriteWhole(Location, ImageBatch.Allocate(Shape, 0));
        }
        else if (_spill is not null || _base != Location)
        {
            Rewrite();
        }
    }

    protected override void Release(bool discard)
    {
        _spill?.Dispose();
        _spill = null;
        if (_baseIsOurs && _base is not null && _base != Location)
        {
            AtomicPublish.Delete(_base);
        }
    }

    private void Spill(ImageBatch batch)
    {
        _spill ??= new Hdf5Spill(Path);
        if (_encoding == RecordEncoding.Png)
        {
            foreach (byte[] png in _codec.EncodeAll(batch))
            {
                _spill.Write(png);
                _spill.PngLengths.Add(png.Length);
            }
        }
        else
        {
            _spill.Write(batch.Pixels);
        }

        _spill.Labels.AddRange(batch.Labels);
        if (_checksums)
        {
            _spill.Checksums.AddRange(ImageChecksum.ComputeAll(batch));
        }
    }

    // Builds the final file at Location: PureHDF writes the structure with the final sizes, then the data bytes are copied in.
    private void Rewrite()
    {
        if (_base == Location)
        {
            // The first batch's file sits where the result must go: move it aside (one rename) to copy from it.
            string aside = AtomicPublish.TempSibling(Path);
            File.Move(Location, aside);
            _base = aside;
        }

        Hdf5StoreFile? source = _base is null ? null : Hdf5StoreFile.Open(_base);
        try
        {
            var labels = new List<int>(Count);
            var checksums = new List<uint>(_checksums ? Count : 0);
            var pngOffsets = new List<long>(_encoding == RecordEncoding.Png ? Count + 1 : 0) { 0 };
            long sourceBytes = 0;
            if (source is not null)
            {
                labels.AddRange(source.Labels.ReadAll());
                if (_checksums)
                {
                    var sums = new long[source.Count];
                    new Hdf5Integers(source, source.Checksums!).Read(0, sums, 0);
                    checksums.AddRange(sums.Select(v => (uint)v));
                }

                if (_encoding == RecordEncoding.Png)
                {
                    var offsets = new long[source.Count + 1];
                    new Hdf5Integers(source, source.PngOffsets!).Read(0, offsets, 0);
                    pngOffsets.AddRange(offsets.Skip(1));
                    sourceBytes = offsets[^1];
                }
                else
                {
                    sourceBytes = (long)source.Count * Shape.ByteCount;
                }
            }

            if (_spill is not null)
            {
                labels.AddRange(_spill.Labels);
                checksums.AddRange(_spill.Checksums);
                foreach (long length in _spill.PngLengths)
                {
                    pngOffsets.Add(pngOffsets[^1] + length);
                }
            }

            long dataBytes = sourceBytes + (_spill?.Bytes ?? 0);
            var data = _encoding == RecordEncoding.Png
                ? new H5Dataset<byte[]>(fileDims: [(ulong)dataBytes])
                : new H5Dataset<byte[]>(fileDims: [(ulong)Count, (ulong)Shape.Height, (ulong)Shape.Width, (ulong)Shape.Channels]);
            var file = Layout(data, labels.ToArray(), _checksums ? checksums.ToArray() : null, _encoding == RecordEncoding.Png ? pngOffsets.ToArray() : null);
            using (var stream = new FileStream(Location, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16))
            {
                file.BeginWrite(stream, WriteOptions).Dispose();
            }

            long target = DataOffset(data);
            using var output = File.OpenHandle(Location, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            if (source is not null && sourceBytes > 0)
            {
                Copy(source.Stream.SafeFileHandle, source.ImagesOffset ?? throw NoOffset(source.Path), output, target, sourceBytes);
            }

            if (_spill is not null)
            {
                Copy(_spill.Handle, 0, output, target + sourceBytes, _spill.Bytes);
            }

            RandomAccess.FlushToDisk(output);
        }
        finally
        {
            source?.Dispose();
        }
    }

    private long DataOffset(H5Dataset data)
    {
        // PureHDF allotted the data region when it wrote the layout; its address is in the layout message.
        using var written = H5File.OpenRead(Location);
        return ContiguousData.FileOffset(written.Dataset(_encoding == RecordEncoding.Png ? Hdf5Format.PngDataset : Hdf5Format.ImagesDataset)) is long offset
            ? offset
            : throw new ImageStoreException(Path, $"this PureHDF version does not expose where it placed the '{data}' data, so the store cannot grow; nothing was changed.");
    }

    private ImageStoreException NoOffset(string file) =>
        new(Path, $"{file}: its data is not one contiguous block this library can copy, so the store cannot grow; nothing was changed.");

    private static void Copy(SafeFileHandle from, long fromOffset, SafeFileHandle to, long toOffset, long bytes)
    {
        byte[] buffer = GC.AllocateUninitializedArray<byte>((int)Math.Min(CopyChunk, Math.Max(1, bytes)));
        for (long done = 0; done < bytes;)
        {
            int n = PositionedRead.Fill(from, buffer.AsSpan(0, (int)Math.Min(buffer.Length, bytes - done)), fromOffset + done);
            if (n == 0)
            {
                throw new CorruptStoreException(from.ToString() ?? "source", $"ended {bytes - done} bytes early while its data was being copied.");
            }

            RandomAccess.Write(to, buffer.AsSpan(0, n), toOffset + done);
            done += n;
        }
    }

    // The one-shot write: every dataset from memory, one PureHDF call.
    private void WriteWhole(string path, ImageBatch batch)
    {
        int count = batch.Count;
        H5Dataset data;
        long[]? offsets = null;
        if (_encoding == RecordEncoding.Raw)
        {
            // PureHDF recognises Memory<T>, not ReadOnlyMemory<T>, and only reads from it.
            data = new H5Dataset((object)batch.PixelMemory, fileDims: [(ulong)count, (ulong)Shape.Height, (ulong)Shape.Width, (ulong)Shape.Channels]);
        }
        else
        {
            var encoded = _codec.EncodeAll(batch);
            offsets = new long[count + 1];
            for (int i = 0; i < count; i++)
            {
                offsets[i + 1] = offsets[i] + encoded[i].Length;
            }

            var bytes = new byte[offsets[count]];
            for (int i = 0; i < count; i++)
            {
                encoded[i].CopyTo(bytes, offsets[i]);
            }

            data = new H5Dataset(bytes, fileDims: [(ulong)bytes.Length]);
        }

        var file = Layout(data, batch.LabelMemory, _checksums ? ImageChecksum.ComputeAll(batch) : null, offsets);
        try
        {
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
            file.Write(stream, WriteOptions);
            stream.Flush(flushToDisk: true);
        }
        catch
        {
            AtomicPublish.Delete(path);
            throw;
        }
    }

    // Contiguous even when small: compact datasets could not be read with one positioned read.
    private static H5WriteOptions WriteOptions => new(PreferCompactDatasetLayout: false);

    private H5File Layout(H5Dataset data, Memory<int> labels, uint[]? checksums, long[]? pngOffsets)
    {
        var file = new H5File
        {
            [Hdf5Format.LabelsDataset] = new H5Dataset((object)labels, fileDims: [(ulong)labels.Length]),
            Attributes = new() { ["format"] = Hdf5Format.FormatName, ["version"] = checksums is null ? 1 : Hdf5Format.CurrentVersion },
        };
        if (_classes is not null)
        {
            file.Attributes["classes"] = _classes;
        }

        if (checksums is not null)
        {
            file[Hdf5Format.ChecksumsDataset] = new H5Dataset(checksums, fileDims: [(ulong)checksums.Length]);
            file.Attributes["checksum"] = ImageChecksum.Algorithm;
        }

        if (pngOffsets is null)
        {
            file[Hdf5Format.ImagesDataset] = data;
        }
        else
        {
            file[Hdf5Format.PngDataset] = data;
            file[Hdf5Format.PngOffsetsDataset] = new H5Dataset(pngOffsets, fileDims: [(ulong)pngOffsets.Length]);
            file.Attributes["encoding"] = "png";
            file.Attributes["height"] = Shape.Height;
            file.Attributes["width"] = Shape.Width;
            file.Attributes["channels"] = Shape.Channels;
        }

        return file;
    }
}
