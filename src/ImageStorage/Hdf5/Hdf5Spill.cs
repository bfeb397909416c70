using ImageStorage.IO;
using Microsoft.Win32.SafeHandles;

namespace ImageStorage.Hdf5;

/// <summary>
/// The images an HDF5 writer receives after its first batch, kept until commit: their bytes (pixels, or PNG files)
/// in a hidden sidecar file beside the store, their labels, checksums and PNG lengths in memory.
/// </summary>
internal sealed class Hdf5Spill : IDisposable
{
    private readonly SafeFileHandle _file;

    public Hdf5Spill(string storePath)
    {
        Path = AtomicPublish.TempSibling(storePath);
        _file = File.OpenHandle(Path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
    }

    /// <summary>The sidecar file.</summary>
    public string Path { get; }

    /// <summary>Bytes in the sidecar.</summary>
    public long Bytes { get; private set; }

    public List<int> Labels { get; } = [];

    public List<uint> Checksums { get; } = [];

    /// <summary>The length of each PNG file, for PNG-encoded stores.</summary>
    public List<long> PngLengths { get; } = [];

    /// <summary>The open sidecar, for copying out of it.</summary>
    public SafeFileHandle Handle => _file;

    /// <summary>Appends the bytes of one or more images.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        RandomAccess.Write(_file, bytes, Bytes);
        Bytes += bytes.Length;
    }

    /// <summary>Closes and deletes the sidecar.</summary>
    public void Dispose()
    {
        _file.Dispose();
        AtomicPublish.Delete(Path);
    }
}
