using System.Buffers.Binary;
using System.Globalization;
using ImageStorage.IO;
using ImageStorage.Png;

namespace ImageStorage.TarShards;

/// <summary>
/// Reads a tar-shard store through its index, never parsing a tar header on the way: a single image is a copy from
/// (or a PNG decode straight out of) its shard's memory map; a range of raw images is a few vectored reads per
/// shard (see the Ranges part). Every committed shard is opened with the store, so a writer that replaces the store
/// later never pulls a file from under this reader. <see cref="Verify"/> also walks every shard with
/// System.Formats.Tar's reader and checks that the tar members and the index agree.
/// </summary>
internal sealed partial class TarShardsReader : StoreReader
{
    private readonly DirectoryHandle _directory;
    private readonly MappedFile _index;
    private readonly MappedFile? _checksums;
    private readonly ReadableShard?[] _shards;
    private readonly int _parallelism;
    private readonly PngImageCodec _codec;
    private readonly string _indexPath;

    private TarShardsReader(DirectoryHandle directory, StoreManifest manifest, StoreOptions options, MappedFile index, MappedFile? checksums, ReadableShard?[] shards)
        : base(directory.Path, StoreKind.TarShards, manifest.Shape, manifest.Count ?? 0, manifest.Traits(options))
    {
        _directory = directory;
        _index = index;
        _checksums = checksums;
        _shards = shards;
        _parallelism = options.DecodeParallelism > 0 ? options.DecodeParallelism : Environment.ProcessorCount;
        _codec = PngImageCodec.For(options.PngCodec, manifest.Shape);
        _indexPath = System.IO.Path.Combine(directory.Path, ShardIndex.FileName);
    }

    public static TarShardsReader Open(StoreProbe probe, StoreOptions options)
    {
        var manifest = probe.Manifest is { Format: TarShardsFormat.FormatName } found ? found
            : throw new NotAStoreException(probe.Path, $"not a tar-shard store: {StoreManifest.FileName} is missing or names another format.");
        int count = manifest.Count ?? 0;
        var opened = new List<IDisposable>();
        var directory = probe.TakeDirectory();
        opened.Add(directory);
        try
        {
            var index = Map(directory, ShardIndex.FileName, (long)count * ShardIndex.EntrySize, opened);
            var checksums = manifest.HasChecksums ? Map(directory, ChecksumsFile.FileName, (long)count * sizeof(uint), opened) : null;
            var shards = OpenShards(directory, index, count, opened);
            return new TarShardsReader(directory, manifest, options, index, checksums, shards);
        }
        catch
        {
            opened.Reverse();
            opened.ForEach(d => d.Dispose());
            throw;
        }
    }

    protected override int ReadOne(int id, Span<byte> pixels, bool verify)
    {
        var entry = Entry(id);
        var shard = Shard(entry, id);
        if (Encoding == RecordEncoding.Raw)
        {
            CheckRawLength(entry, id);
            shard.Span(Path, id, entry.Offset, entry.Length).CopyTo(pixels);
        }
        else
        {
            _codec.Decode(shard.Span(Path, id, entry.Offset, entry.Length), pixels, shard.Path, id);
        }

        Finish(id, pixels, entry.Label, verify);
        return entry.Label;
    }

    protected override void ReadManyCore(ReadOnlySpan<int> ids, ImageBatch destination, bool verify)
    {
        if (Encoding == RecordEncoding.Raw)
        {
            base.ReadManyCore(ids, destination, verify);
            return;
        }

        // PNG members decode on every core, straight out of the shards' maps.
        int[] list = ids.ToArray();
        ParallelWork.For(list.Length, i => destination.Labels[i] = ReadOne(list[i], destination.Image(i), verify), _parallelism);
    }

    public override VerifyReport Verify(IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var report = base.Verify(progress, cancellationToken);
        var structure = ShardStructure.Check(this, cancellationToken);
        var bad = report.BadImages.Concat(structure)
            .GroupBy(b => b.Id)
            .Select(g => new BadImage(g.Key, string.Join("; ", g.Select(b => b.Problem).Distinct())))
            .OrderBy(b => b.Id)
            .ToList();
        return report with { BadImages = bad };
    }

    protected override void Dispose(bool disposing)
    {
        foreach (var shard in _shards)
        {
            shard?.Dispose();
        }

        _checksums?.Dispose();
        _index.Dispose();
        _directory.Dispose();
    }

    /// <summary>The index entry of image <paramref name="id"/>.</summary>
    internal ShardEntry Entry(int id) => ShardIndex.Read(_index.Span((long)id * ShardIndex.EntrySize, ShardIndex.EntrySize), _indexPath, id);

    /// <summary>The number of shards the index refers to.</summary>
    internal int ShardCount => _shards.Length;

    /// <summary>The store directory, for <see cref="ShardStructure"/>'s own opens of the shards.</summary>
    internal DirectoryHandle Directory => _directory;

    private ReadableShard Shard(ShardEntry entry, int id) =>
        (uint)entry.Shard < (uint)_shards.Length && _shards[entry.Shard] is { } shard ? shard
            : throw new CorruptStoreException(_indexPath, id, $"bad index entry: shard {entry.Shard} holds no image of the index.");

    private void CheckRawLength(ShardEntry entry, int id)
    {
        if (entry.Length != Shape.ByteCount)
        {
            throw new CorruptStoreException(Path, id, string.Create(CultureInfo.InvariantCulture, $"wrong length: the index gives its member {entry.Length} bytes; the shape {Shape} needs {Shape.ByteCount}."));
        }
    }

    // Checks the pixels against the stored checksum when asked.
    private void Finish(int id, ReadOnlySpan<byte> pixels, int label, bool verify)
    {
        if (verify && _checksums is not null)
        {
            ImageChecksum.Check(Path, id, pixels, label, BinaryPrimitives.ReadUInt32LittleEndian(_checksums.Span((long)id * sizeof(uint), sizeof(uint))));
        }
    }

    // Opens every shard the index refers to, each checked to be long enough for the index's last image in it.
    private static ReadableShard?[] OpenShards(DirectoryHandle directory, MappedFile index, int count, List<IDisposable> opened)
    {
        string indexPath = System.IO.Path.Combine(directory.Path, ShardIndex.FileName);
        var ends = new List<long>();
        int previous = 0;
        for (int id = 0; id < count; id++)
        {
            var entry = ShardIndex.Read(index.Span((long)id * ShardIndex.EntrySize, ShardIndex.EntrySize), indexPath, id);
            if (entry.Shard < previous || entry.Offset < ShardFile.BlockSize || entry.Offset % ShardFile.BlockSize != 0)
            {
                throw new CorruptStoreException(indexPath, id, string.Create(CultureInfo.InvariantCulture, $"bad index entry: shard {entry.Shard} (after {previous}), data offset {entry.Offset}."));
            }

            previous = entry.Shard;
            while (ends.Count <= entry.Shard)
            {
                ends.Add(-1);
            }

            ends[entry.Shard] = Math.Max(ends[entry.Shard], entry.End);
        }

        var shards = new ReadableShard?[ends.Count];
        for (int s = 0; s < shards.Length; s++)
        {
            if (ends[s] >= 0)
            {
                shards[s] = ReadableShard.Open(directory, s, ends[s]);
                opened.Add(shards[s]!);
            }
        }

        return shards;
    }

    private static MappedFile Map(DirectoryHandle directory, string name, long length, List<IDisposable> opened)
    {
        string file = System.IO.Path.Combine(directory.Path, name);
        // Missing because a writer replaced the store since it was opened is not damage: Missing tells the two apart.
        using var handle = directory.OpenRequired(name);
        long actual = RandomAccess.GetLength(handle);
        if (actual < length)
        {
            throw new CorruptStoreException(file, $"truncated: {actual} bytes, the manifest's count needs {length}.");
        }

        var map = new MappedFile(handle, length);
        opened.Add(map);
        return map;
    }
}
