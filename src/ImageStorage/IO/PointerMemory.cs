using System.Buffers;

namespace ImageStorage.IO;

/// <summary>
/// Memory over a pointer the caller keeps valid (a pinned span, or native memory such as a tensor's), so that such
/// memory can back an <see cref="ImageBatch"/>. It owns nothing: disposing it frees nothing.
/// </summary>
internal sealed unsafe class PointerMemory<T>(T* pointer, int length) : MemoryManager<T>
    where T : unmanaged
{
    /// <inheritdoc />
    public override Span<T> GetSpan() => new(pointer, length);

    /// <inheritdoc />
    public override MemoryHandle Pin(int elementIndex = 0) => new(pointer + elementIndex);

    /// <inheritdoc />
    public override void Unpin()
    {
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
    }
}
