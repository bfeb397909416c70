using ImageStorage.IO;

namespace ImageStorage.Loading;

/// <summary>
/// Memory a loader writes one batch's images into, provided by the caller (a tensor's, for instance) instead of
/// arrays of the loader's own: bytes for the byte layouts, floats for <see cref="BatchLayout.NchwFloat32"/>. The
/// owner travels with the batch (<see cref="LoaderBatch.Owner"/>) so the caller finds its object again.
/// </summary>
public sealed class BatchMemory
{
    private BatchMemory(Memory<byte> bytes, Memory<float> floats, object? owner)
    {
        Bytes = bytes;
        Floats = floats;
        Owner = owner;
    }

    /// <summary>Memory for the byte layouts.</summary>
    public Memory<byte> Bytes { get; }

    /// <summary>Memory for the float layout.</summary>
    public Memory<float> Floats { get; }

    /// <summary>The caller's object this memory belongs to, if any.</summary>
    public object? Owner { get; }

    /// <summary>Byte memory (for <see cref="BatchLayout.NhwcUInt8"/> and <see cref="BatchLayout.NchwUInt8"/>).</summary>
    public static BatchMemory OfBytes(Memory<byte> images, object? owner = null) => new(images, Memory<float>.Empty, owner);

    /// <summary>Float memory (for <see cref="BatchLayout.NchwFloat32"/>).</summary>
    public static BatchMemory OfFloats(Memory<float> images, object? owner = null) => new(Memory<byte>.Empty, images, owner);

    /// <summary>Native byte memory the caller keeps valid and in place for as long as the loader runs.</summary>
    public static unsafe BatchMemory OfNativeBytes(byte* images, int length, object? owner = null) =>
        OfBytes(new PointerMemory<byte>(images, length).Memory, owner);

    /// <summary>Native float memory the caller keeps valid and in place for as long as the loader runs.</summary>
    public static unsafe BatchMemory OfNativeFloats(float* images, int length, object? owner = null) =>
        OfFloats(new PointerMemory<float>(images, length).Memory, owner);

    /// <summary>Managed arrays for one batch of <paramref name="capacity"/> images in <paramref name="layout"/>.</summary>
    internal static BatchMemory Allocate(BatchLayout layout, ImageShape shape, int capacity)
    {
        int values = capacity * shape.ByteCount;
        return layout == BatchLayout.NchwFloat32
            ? OfFloats(GC.AllocateUninitializedArray<float>(values))
            : OfBytes(GC.AllocateUninitializedArray<byte>(values));
    }
}
