using System.Formats.Tar;
using System.Globalization;

namespace ImageStorage.TarShards;

/// <summary>
/// One shard being written: a tar file of ustar members written by System.Formats.Tar's <see cref="TarWriter"/>,
/// two per image (its data, then its label), each image's data offset handed back for the index. The entries and
/// their data streams are reused from member to member, so nothing is allocated per image but its member names.
/// </summary>
internal sealed class ShardFile : IDisposable
{
    /// <summary>Bytes of a tar header, and the unit data is padded to.</summary>
    public const int BlockSize = 512;

    // What TarWriter writes when the archive is closed: two zero blocks.
    private const int EndOfArchive = 2 * BlockSize;

    private readonly FileStream _stream;
    private readonly TarWriter _tar;
    private readonly UstarTarEntry _image;
    private readonly UstarTarEntry _label;
    private readonly MemoryStream _imageData = new();
    private readonly MemoryStream _labelData = new();
    private readonly string _extension;

    /// <summary>Creates shard <paramref name="number"/> in <paramref name="directory"/>, whose image members end in <paramref name="extension"/>.</summary>
    public ShardFile(string directory, int number, string extension)
    {
        Number = number;
        FilePath = System.IO.Path.Combine(directory, ShardNames.Shard(number));
        _extension = extension;
        _stream = new FileStream(FilePath, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 20);
        _tar = new TarWriter(_stream, TarEntryFormat.Ustar, leaveOpen: true);
        // A data stream is set once: TarEntry disposes the stream it replaces.
        _image = new UstarTarEntry(TarEntryType.RegularFile, "image") { DataStream = _imageData };
        _label = new UstarTarEntry(TarEntryType.RegularFile, "label") { DataStream = _labelData };
    }

    /// <summary>The shard's number.</summary>
    public int Number { get; }

    /// <summary>The shard's file.</summary>
    public string FilePath { get; }

    /// <summary>Images written so far.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes the shard will have once closed.</summary>
    public long ClosedLength => _stream.Position + EndOfArchive;

    /// <summary>Bytes one image adds to a shard: its member's header and padded data, and the label member (ten digits at most: one block).</summary>
    public static long SampleBytes(int payloadLength) => (3L * BlockSize) + Padded(payloadLength);

    /// <summary>Bytes <paramref name="length"/> bytes of member data take in a tar file.</summary>
    public static long Padded(long length) => (length + BlockSize - 1) / BlockSize * BlockSize;

    /// <summary>Writes image <paramref name="id"/>'s members; returns the offset of its data in the shard.</summary>
    public long Add(int id, ReadOnlySpan<byte> payload, int label)
    {
        string key = ShardNames.Key(id);
        Fill(_imageData, payload);
        _image.Name = key + _extension;
        _tar.WriteEntry(_image);
        // The data ends the member, padded to a block: whatever header the writer chose, the data starts there.
        long offset = _stream.Position - Padded(payload.Length);

        Span<byte> digits = stackalloc byte[11];
        _ = label.TryFormat(digits, out int written, provider: CultureInfo.InvariantCulture);
        Fill(_labelData, digits[..written]);
        _label.Name = key + ShardNames.LabelExtension;
        _tar.WriteEntry(_label);
        Count++;
        return offset;
    }

    /// <summary>Ends the archive and makes the shard durable.</summary>
    public void Close()
    {
        _tar.Dispose();
        _stream.Flush(flushToDisk: true);
        Dispose();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _image.DataStream = null;
        _label.DataStream = null;
        _imageData.Dispose();
        _labelData.Dispose();
        _stream.Dispose();
    }

    private static void Fill(MemoryStream stream, ReadOnlySpan<byte> bytes)
    {
        stream.SetLength(0);
        stream.Write(bytes);
        stream.Position = 0;
    }
}
