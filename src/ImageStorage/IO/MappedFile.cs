using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;

namespace ImageStorage.IO;

/// <summary>
/// The first bytes of an open file mapped read-only for the life of a reader, so that reading one image is a copy
/// from memory with no system call. Only what a store has committed is mapped, so writers that append past it, or
/// truncate back to it, never pull pages from under a reader.
/// </summary>
internal sealed unsafe class MappedFile : IDisposable
{
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _pointer;

    /// <summary>Maps bytes [0, <paramref name="length"/>) of <paramref name="file"/>, which must be at least that long.</summary>
    public MappedFile(SafeFileHandle file, long length)
    {
        Length = length;
        if (length == 0)
        {
            return;
        }

        // Capacity 0 is the file's own size: .NET refuses a read-only capacity below it, and an appender may have grown it.
        _map = MemoryMappedFile.CreateFromFile(file, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        try
        {
            _view = _map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            _pointer = pointer + _view.PointerOffset;
        }
        catch
        {
            _view?.Dispose();
            _map.Dispose();
            throw;
        }
    }

    /// <summary>Bytes mapped.</summary>
    public long Length { get; }

    /// <summary>Bytes [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>) of the file.</summary>
    public ReadOnlySpan<byte> Span(long offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + length, Length);
        return new ReadOnlySpan<byte>(_pointer + offset, length);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }

        _map?.Dispose();
    }
}
