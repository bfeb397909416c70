using ImageStorage.IO;
using Microsoft.Win32.SafeHandles;

namespace ImageStorage.TarShards;

/// <summary>
/// One committed shard as a reader holds it: its file handle, for vectored range reads, and a read-only map of it, for
/// single images and PNG members; or, if its file is missing, the reason, reported for every image it should hold.
/// </summary>
internal sealed class ReadableShard : IDisposable
{
    private readonly SafeFileHandle? _file;
    private readonly MappedFile? _map;

    private ReadableShard(int number, string path, SafeFileHandle? file, MappedFile? map)
    {
        Number = number;
        Path = path;
        _file = file;
        _map = map;
    }

    /// <summary>The shard's number.</summary>
    public int Number { get; }

    /// <summary>The shard's file.</summary>
    public string Path { get; }

    /// <summary>The open file (throws <see cref="ImageNotFoundException"/> for image <paramref name="id"/> if the shard is missing).</summary>
    public SafeFileHandle File(string storePath, int id) => _file ?? throw Missing(storePath, id);

    /// <summary>Bytes [<paramref name="offset"/>, + <paramref name="length"/>) of the shard, from its map.</summary>
    public ReadOnlySpan<byte> Span(string storePath, int id, long offset, int length) => (_map ?? throw Missing(storePath, id)).Span(offset, length);

    /// <summary>
    /// Opens shard <paramref name="number"/> of <paramref name="directory"/>, which must be at least <paramref name="needed"/>
    /// bytes long (where its last image's data ends); a missing shard opens as missing, a shorter one is corrupt.
    /// </summary>
    public static ReadableShard Open(DirectoryHandle directory, int number, long needed)
    {
        string name = ShardNames.Shard(number);
        string path = System.IO.Path.Combine(directory.Path, name);
        var file = directory.TryOpenFile(name);
        if (file is null)
        {
            // Gone with a directory a writer replaced is no missing shard: the reader opens the new store instead.
            return directory.Missing(name) is StoreReplacedException replaced ? throw replaced : new ReadableShard(number, path, null, null);
        }

        try
        {
            long length = RandomAccess.GetLength(file);
            if (length < needed)
            {
                throw new CorruptStoreException(path, $"truncated: {length} bytes, the index has image data up to byte {needed}.");
            }

            return new ReadableShard(number, path, file, new MappedFile(file, length));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _map?.Dispose();
        _file?.Dispose();
    }

    private ImageNotFoundException Missing(string storePath, int id) => new(storePath, id, $"its shard {Path} does not exist.");
}
