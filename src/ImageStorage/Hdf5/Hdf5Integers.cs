using System.Buffers.Binary;
using PureHDF;
using PureHDF.Selections;

namespace ImageStorage.Hdf5;

/// <summary>
/// A 1-D dataset of integers of any size (1, 2, 4 or 8 bytes), signedness and byte order, read as 64-bit values:
/// with positioned reads where the offset is known, else through PureHDF (which reads only little-endian or
/// one-byte integers correctly, so a file it would misread is refused with a clear error).
/// </summary>
internal sealed class Hdf5Integers
{
    private readonly Hdf5StoreFile _file;
    private readonly IH5Dataset _dataset;
    private readonly int _size;
    private readonly bool _signed;
    private readonly bool _bigEndian;
    private readonly long? _offset;

    public Hdf5Integers(Hdf5StoreFile file, IH5Dataset dataset)
    {
        _file = file;
        _dataset = dataset;
        _size = (int)dataset.Type.Size;
        if (_size is not (1 or 2 or 4 or 8))
        {
            throw new CorruptStoreException(file.Path, $"the '{dataset.Name}' dataset holds {_size}-byte integers; 1, 2, 4 or 8 bytes are read.");
        }

        _signed = dataset.Type.FixedPoint.IsSigned;
        bool? bigEndian = _size == 1 ? false : ContiguousData.IsBigEndianInteger(dataset);
        _bigEndian = bigEndian ?? throw new UnsupportedFormatException(file.Path, $"the byte order of the '{dataset.Name}' dataset cannot be told with this PureHDF version, so its integers would be read wrong.");
        long elements = dataset.Space.Dimensions.Aggregate(1L, (n, d) => n * (long)d);
        _offset = elements == 0 ? null : ContiguousData.VerifiedOffset(file, dataset);
        if (_offset is null && _bigEndian)
        {
            throw new UnsupportedFormatException(file.Path, $"the '{dataset.Name}' dataset holds big-endian integers, which only positioned reads decode and its layout does not allow them.");
        }
    }

    /// <summary>Reads elements [<paramref name="start"/>, <paramref name="start"/> + destination.Length).</summary>
    public void Read(long start, Span<long> destination, int id)
    {
        if (_offset is not long offset)
        {
            ReadWithPureHdf(start, destination);
            return;
        }

        // Read in chunks through a small stack buffer.
        Span<byte> buffer = stackalloc byte[4096];
        int perChunk = buffer.Length / _size;
        for (int done = 0; done < destination.Length; done += perChunk)
        {
            int n = Math.Min(perChunk, destination.Length - done);
            var bytes = buffer[..(n * _size)];
            _file.ReadExactly(bytes, offset + ((start + done) * _size), id + done);
            for (int i = 0; i < n; i++)
            {
                destination[done + i] = Decode(bytes.Slice(i * _size, _size));
            }
        }
    }

    private long Decode(ReadOnlySpan<byte> value) => (_size, _signed, _bigEndian) switch
    {
        (1, false, _) => value[0],
        (1, true, _) => (sbyte)value[0],
        (2, false, false) => BinaryPrimitives.ReadUInt16LittleEndian(value),
        (2, false, true) => BinaryPrimitives.ReadUInt16BigEndian(value),
        (2, true, false) => BinaryPrimitives.ReadInt16LittleEndian(value),
        (2, true, true) => BinaryPrimitives.ReadInt16BigEndian(value),
        (4, false, false) => BinaryPrimitives.ReadUInt32LittleEndian(value),
        (4, false, true) => BinaryPrimitives.ReadUInt32BigEndian(value),
        (4, true, false) => BinaryPrimitives.ReadInt32LittleEndian(value),
        (4, true, true) => BinaryPrimitives.ReadInt32BigEndian(value),
        (8, false, false) => (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(value), long.MaxValue),
        (8, false, true) => (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(value), long.MaxValue),
        (_, _, false) => BinaryPrimitives.ReadInt64LittleEndian(value),
        _ => BinaryPrimitives.ReadInt64BigEndian(value),
    };

    private void ReadWithPureHdf(long start, Span<long> destination)
    {
        try
        {
            var selection = new HyperslabSelection(start: (ulong)start, block: (ulong)destination.Length);
            ulong[] dims = [(ulong)destination.Length];
            long[] values = (_size, _signed) switch
            {
                (1, false) => Array.ConvertAll(_dataset.Read<byte[]>(selection, memoryDims: dims), v => (long)v),
                (1, true) => Array.ConvertAll(_dataset.Read<sbyte[]>(selection, memoryDims: dims), v => (long)v),
                (2, false) => Array.ConvertAll(_dataset.Read<ushort[]>(selection, memoryDims: dims), v => (long)v),
                (2, true) => Array.ConvertAll(_dataset.Read<short[]>(selection, memoryDims: dims), v => (long)v),
                (4, false) => Array.ConvertAll(_dataset.Read<uint[]>(selection, memoryDims: dims), v => (long)v),
                (4, true) => Array.ConvertAll(_dataset.Read<int[]>(selection, memoryDims: dims), v => (long)v),
                (8, true) => _dataset.Read<long[]>(selection, memoryDims: dims),
                _ => Array.ConvertAll(_dataset.Read<ulong[]>(selection, memoryDims: dims), v => v > long.MaxValue ? -1 : (long)v),
            };
            values.CopyTo(destination);
        }
        catch (Exception e) when (e is not ImageStoreException)
        {
            throw new CorruptStoreException(_file.Path, $"cannot read the '{_dataset.Name}' dataset: {e.Message}", e);
        }
    }
}

/// <summary>The labels of an HDF5 store, from whatever integer dataset holds them, checked to be non-negative int32 values.</summary>
internal sealed class Hdf5Labels(Hdf5StoreFile file, IH5Dataset dataset)
{
    private readonly Hdf5Integers _values = new(file, dataset);

    /// <summary>Reads the labels of images [<paramref name="start"/>, <paramref name="start"/> + destination.Length).</summary>
    public void Read(int start, Span<int> destination)
    {
        Span<long> buffer = stackalloc long[256];
        for (int done = 0; done < destination.Length; done += buffer.Length)
        {
            int n = Math.Min(buffer.Length, destination.Length - done);
            _values.Read(start + done, buffer[..n], start + done);
            for (int i = 0; i < n; i++)
            {
                long label = buffer[i];
                destination[done + i] = label is >= 0 and <= int.MaxValue
                    ? (int)label
                    : throw new CorruptStoreException(file.Path, start + done + i, $"label {label} is out of range.");
            }
        }
    }

    /// <summary>Every label.</summary>
    public int[] ReadAll()
    {
        var labels = new int[file.Count];
        Read(0, labels);
        return labels;
    }
}
