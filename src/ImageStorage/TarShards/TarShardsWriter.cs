using System.Runtime.InteropServices;
using ImageStorage.IO;
using ImageStorage.Records;
using Microsoft.Win32.SafeHandles;

namespace ImageStorage.TarShards;

/// <summary>
/// Writes images into shards in id order, starting a new shard when the current one reaches the image or byte limit,
/// and their index entries and checksums with positioned writes; the manifest, written last, commits them. An append
/// never reopens a committed shard: it starts a new one, so a killed append leaves every committed byte as it was.
/// </summary>
internal sealed class TarShardsWriter : StoreWriter
{
    private readonly PngCodec _codec;
    private readonly StoreManifest _manifest;
    private readonly int _maxImages;
    private readonly long _maxBytes;
    private readonly string _extension;
    private readonly int _firstNewShard;
    private readonly SafeFileHandle _index;
    private readonly SafeFileHandle? _checksums;
    private readonly List<Task> _closing = [];
    private ShardFile? _shard;
    private int _nextShard;
    private byte[] _entries = [];
    private bool _closed;

    /// <summary>Starts writing after the <paramref name="committedShards"/> shards the store already has.</summary>
    public TarShardsWriter(string path, StoreManifest manifest, int committedShards, StoreOptions options, StoreStaging? staging, StoreLock? storeLock)
        : base(path, manifest.Shape, manifest.Count ?? 0, staging, storeLock)
    {
        _manifest = manifest;
        _maxImages = options.TarShardMaxImages;
        _codec = options.PngCodec;
        _maxBytes = options.TarShardMaxBytes;
        _extension = ShardNames.ImageExtension(manifest.RecordEncoding);
        _firstNewShard = committedShards;
        _nextShard = committedShards;
        var opened = new List<SafeFileHandle>();
        try
        {
            // Shards past the committed ones are leftovers of an append that never committed: nothing refers to them.
            DeleteShardsFrom(committedShards);
            _index = OpenForWrite(ShardIndex.FileName, (long)CommittedCount * ShardIndex.EntrySize, opened);
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

    protected override void WriteMany(int firstId, ImageBatch batch)
    {
        var records = RecordBatch.Prepare(batch, _manifest.RecordEncoding, _codec, checksums: _checksums is not null);
        int bytes = batch.Count * ShardIndex.EntrySize;
        if (_entries.Length < bytes)
        {
            _entries = new byte[bytes];
        }

        for (int i = 0; i < records.Count; i++)
        {
            var payload = records.Payload(i);
            var shard = ShardWithRoomFor(payload.Length);
            long offset = shard.Add(firstId + i, payload, records.Label(i));
            ShardIndex.Write(_entries.AsSpan(i * ShardIndex.EntrySize), new ShardEntry(shard.Number, offset, payload.Length, records.Label(i)));
        }

        RandomAccess.Write(_index, _entries.AsSpan(0, bytes), (long)firstId * ShardIndex.EntrySize);
        if (_checksums is not null)
        {
            RandomAccess.Write(_checksums, MemoryMarshal.AsBytes(records.Checksums), (long)firstId * sizeof(uint));
        }
    }

    protected override void Seal()
    {
        _shard?.Close();
        _shard = null;
        WaitForClosedShards();
        RandomAccess.FlushToDisk(_index);
        if (_checksums is not null)
        {
            RandomAccess.FlushToDisk(_checksums);
        }

        Close();
        _manifest.WithCount(Count).Write(Location);
    }

    protected override void Release(bool discard)
    {
        _shard?.Dispose();
        _shard = null;
        try
        {
            WaitForClosedShards();
        }
        catch (IOException) when (discard)
        {
            // A shard that could not be flushed is deleted with everything else this writer wrote.
        }

        if (discard && !IsStaged && !_closed)
        {
            // What this append wrote is invisible; give its disk space back now.
            DeleteShardsFrom(_firstNewShard);
            RandomAccess.SetLength(_index, (long)CommittedCount * ShardIndex.EntrySize);
            if (_checksums is not null)
            {
                RandomAccess.SetLength(_checksums, (long)CommittedCount * sizeof(uint));
            }
        }

        Close();
    }

    // The shard the next image goes into: the current one while it is under both limits, else a new one.
    private ShardFile ShardWithRoomFor(int payloadLength)
    {
        if (_shard is not null && _shard.Count > 0 && (_shard.Count >= _maxImages || _shard.ClosedLength + ShardFile.SampleBytes(payloadLength) > _maxBytes))
        {
            // A full shard is flushed to disk on another core while the next one fills.
            _closing.Add(Task.Run(_shard.Close));
            _shard = null;
        }

        return _shard ??= new ShardFile(Location, _nextShard++, _extension);
    }

    private void WaitForClosedShards()
    {
        try
        {
            Task.WaitAll(_closing);
        }
        catch (AggregateException e)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        finally
        {
            _closing.Clear();
        }
    }

    private void DeleteShardsFrom(int first)
    {
        foreach (string file in Directory.EnumerateFiles(Location, "shard-*.tar"))
        {
            if (ShardNames.ParseShard(System.IO.Path.GetFileName(file)) >= first)
            {
                File.Delete(file);
            }
        }
    }

    private void Close()
    {
        _closed = true;
        _index.Dispose();
        _checksums?.Dispose();
    }

    private SafeFileHandle OpenForWrite(string name, long committedLength, List<SafeFileHandle> opened)
    {
        var handle = CommittedFile.OpenForWrite(Location, name, committedLength);
        opened.Add(handle);
        return handle;
    }
}
