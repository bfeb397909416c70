using System.Buffers;
using ImageStorage.IO;

namespace ImageStorage.Png;

/// <summary>
/// Reads a PNG store from the directory it was opened in: every file is opened relative to that directory, so a
/// writer that exchanges another store into the path is never half seen — its reads either come from the old store
/// or fail with <see cref="StoreReplacedException"/> once the old one is deleted. Labels and checksums are read on
/// first use, so a store opened to read pixels only never pays for them.
/// </summary>
internal sealed class PngReader : StoreReader
{
    private readonly DirectoryHandle _directory;
    private readonly Lazy<int[]> _labels;
    private readonly Lazy<uint[]>? _checksums;
    private readonly int _parallelism;
    private readonly PngImageCodec _codec;

    private PngReader(DirectoryHandle directory, StoreManifest manifest, StoreOptions options)
        : base(directory.Path, StoreKind.Png, manifest.Shape, manifest.Count ?? 0, manifest.Traits(options))
    {
        _directory = directory;
        _parallelism = options.DecodeParallelism;
        _codec = PngImageCodec.For(options.PngCodec, manifest.Shape);
        _labels = new Lazy<int[]>(() => LabelsCsv.Read(_directory, Count), LazyThreadSafetyMode.ExecutionAndPublication);
        if (manifest.HasChecksums)
        {
            _checksums = new Lazy<uint[]>(() => ChecksumsFile.Read(_directory, Count), LazyThreadSafetyMode.ExecutionAndPublication);
        }
    }

    public static PngReader Open(StoreProbe probe, StoreOptions options)
    {
        var manifest = probe.Manifest ?? throw new NotAStoreException(probe.Path, $"not a PNG store: {StoreManifest.FileName} is missing.");
        var directory = probe.TakeDirectory();
        try
        {
            // Labels are read on first use, but a store without them is damaged and should say so when opened.
            directory.OpenRequired(LabelsCsv.FileName).Dispose();

            return new PngReader(directory, manifest, options);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    protected override int ReadOne(int id, Span<byte> pixels, bool verify)
    {
        int label = _labels.Value[id];
        DecodeFile(id, pixels, label, verify);
        return label;
    }

    protected override void ReadRangeCore(int start, ImageBatch destination, bool verify)
    {
        _labels.Value.AsSpan(start, destination.Count).CopyTo(destination.Labels);
        ParallelWork.For(destination.Count, i => DecodeFile(start + i, destination.Image(i), destination.Labels[i], verify), _parallelism);
    }

    protected override void ReadManyCore(ReadOnlySpan<int> ids, ImageBatch destination, bool verify)
    {
        int[] labels = _labels.Value;
        int[] idArray = ids.ToArray();
        var into = destination.Labels;
        for (int i = 0; i < idArray.Length; i++)
        {
            into[i] = labels[idArray[i]];
        }

        ParallelWork.For(idArray.Length, i => DecodeFile(idArray[i], destination.Image(i), destination.Labels[i], verify), _parallelism);
    }

    protected override void Dispose(bool disposing) => _directory.Dispose();

    private void DecodeFile(int id, Span<byte> pixels, int label, bool verify)
    {
        string name = PngFormat.ImageFileName(id);
        string file = System.IO.Path.Combine(Path, name);
        using var handle = _directory.TryOpenFile(name) ?? throw Missing(id, file);
        long length = RandomAccess.GetLength(handle);
        if (length > int.MaxValue / 2)
        {
            throw new CorruptStoreException(file, id, $"is {length} bytes, too large to be one image.");
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            int read = PositionedRead.Fill(handle, buffer.AsSpan(0, (int)length), 0);
            _codec.Decode(buffer.AsSpan(0, read), pixels, file, id);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (verify && _checksums is not null)
        {
            ImageChecksum.Check(file, id, pixels, label, _checksums.Value[id]);
        }
    }

    private ImageStoreException Missing(int id, string file) => _directory.IsStillAtPath()
        ? new ImageNotFoundException(Path, id, $"{file} does not exist.")
        : new StoreReplacedException(Path, id, $"{PngFormat.ImageFileName(id)} is gone with the store that was opened");
}
