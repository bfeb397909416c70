using System.Collections.Concurrent;
using System.Reflection;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace ImageStorage.Hdf5;

/// <summary>
/// Where a contiguous dataset's bytes sit in its file, and whether its integers are little-endian. PureHDF parses the
/// layout and datatype messages but keeps these internal; reading them lets one image be one positioned read
/// (~2 µs) instead of PureHDF's per-row hyperslab walk (~1 ms). Each offset is checked once per file against PureHDF's
/// own read of the dataset's first and last elements; if PureHDF's internals ever change, the store says so on
/// standard error and reads through PureHDF instead.
/// </summary>
internal static class ContiguousData
{
    private const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    // Looked up once: reflection over a member costs microseconds, and a store is opened per read in the article's read-one.
    private static readonly PropertyInfo? LayoutProperty = typeof(NativeDataset).GetProperty("InternalDataLayout", Members);
    private static readonly PropertyInfo? ContextProperty = typeof(NativeObject).GetProperty("Context", Members);
    private static readonly FieldInfo? BitFieldField = typeof(NativeDataset).Assembly.GetType("PureHDF.VOL.Native.NativeFixedPointType")?.GetField("_bitField", Members);

    // Files whose offsets were already checked in this process (by the open file's identity, length and write time), so repeated opens stay cheap.
    private static readonly ConcurrentDictionary<(string File, long Length, DateTime Written, string Dataset), long?> Checked = new();
    private static int _warned;

    /// <summary>The checked file offset of <paramref name="dataset"/>'s first byte, or null if PureHDF must read it.</summary>
    public static long? VerifiedOffset(Hdf5StoreFile file, IH5Dataset dataset)
    {
        // From the open handle, never the path: a writer may have exchanged another file into the path since it was opened.
        var handle = file.Stream.SafeFileHandle;
        string identity = ImageStorage.IO.Posix.Identity((int)handle.DangerousGetHandle())?.ToString() ?? file.Path;
        var key = (identity, RandomAccess.GetLength(handle), File.GetLastWriteTimeUtc(handle), dataset.Name);
        return Checked.GetOrAdd(key, _ => Verify(file, dataset));
    }

    /// <summary>For a dataset of integers, whether they are big-endian (true) or little-endian (false); null if unknown.</summary>
    public static bool? IsBigEndianInteger(IH5Dataset dataset)
    {
        if (dataset.Type.Class != H5DataTypeClass.FixedPoint || BitFieldField is null)
        {
            return null;
        }

        object fixedPoint = dataset.Type.FixedPoint;
        if (!BitFieldField.DeclaringType!.IsInstanceOfType(fixedPoint))
        {
            return null;
        }

        object? bitField = BitFieldField.GetValue(fixedPoint);
        return bitField?.GetType().GetProperty("ByteOrder", Members)?.GetValue(bitField)?.ToString() switch
        {
            "LittleEndian" => false,
            "BigEndian" => true,
            _ => null,
        };
    }

    private static long? Verify(Hdf5StoreFile file, IH5Dataset dataset)
    {
        long? offset = FileOffset(dataset);
        if (offset is null)
        {
            Warn(file.Path, $"PureHDF does not expose where dataset '{dataset.Name}' lies in the file");
            return null;
        }

        ulong[] dims = dataset.Space.Dimensions;
        int size = (int)dataset.Type.Size;
        long elements = dims.Aggregate(1L, (n, d) => n * (long)d);
        if (elements == 0 || dataset.Type.Class != H5DataTypeClass.FixedPoint)
        {
            return offset;
        }

        // The first and the last element, read by PureHDF and by a positioned read at the offset, must agree.
        foreach (long index in new[] { 0, elements - 1 })
        {
            var coordinates = new ulong[dims.Length];
            long rest = index;
            for (int d = dims.Length - 1; d >= 0; d--)
            {
                coordinates[d] = (ulong)(rest % (long)dims[d]);
                rest /= (long)dims[d];
            }

            byte[] ours = new byte[size];
            byte[] theirs;
            try
            {
                theirs = ReadWithPureHdf(dataset, coordinates, size);
            }
            catch (Exception) when (IsBigEndianInteger(dataset) == true)
            {
                // PureHDF cannot read big-endian integers at all: positioned reads are the only way, so nothing to compare with.
                return offset;
            }

            if (Fill(file, ours, offset.Value + (index * size)) < size || !ours.AsSpan().SequenceEqual(theirs))
            {
                Warn(file.Path, $"the offset PureHDF's layout gives for dataset '{dataset.Name}' does not hold its data");
                return null;
            }
        }

        return offset;
    }

    private static int Fill(Hdf5StoreFile file, byte[] buffer, long offset) =>
        ImageStorage.IO.PositionedRead.Fill(file.Stream.SafeFileHandle, buffer, offset);

    // One element's raw bytes, as stored, through PureHDF's public reading API.
    private static byte[] ReadWithPureHdf(IH5Dataset dataset, ulong[] coordinates, int size)
    {
        var selection = new HyperslabSelection(coordinates.Length, coordinates, Enumerable.Repeat(1UL, coordinates.Length).ToArray());
        bool signed = dataset.Type.FixedPoint.IsSigned;
        byte[] bytes = new byte[size];
        switch (size)
        {
            case 1:
                dataset.Read(bytes.AsMemory(), fileSelection: selection, memoryDims: [1]);
                break;
            case 2:
                BitConverter.TryWriteBytes(bytes, signed ? dataset.Read<short[]>(fileSelection: selection, memoryDims: [1])[0] : (short)dataset.Read<ushort[]>(fileSelection: selection, memoryDims: [1])[0]);
                break;
            case 4:
                BitConverter.TryWriteBytes(bytes, signed ? dataset.Read<int[]>(fileSelection: selection, memoryDims: [1])[0] : (int)dataset.Read<uint[]>(fileSelection: selection, memoryDims: [1])[0]);
                break;
            case 8:
                BitConverter.TryWriteBytes(bytes, signed ? dataset.Read<long[]>(fileSelection: selection, memoryDims: [1])[0] : (long)dataset.Read<ulong[]>(fileSelection: selection, memoryDims: [1])[0]);
                break;
            default:
                return [];
        }

        return bytes;
    }

    /// <summary>The file offset of a contiguous dataset's first byte as PureHDF's layout message gives it, unchecked; null if unknown.</summary>
    public static long? FileOffset(IH5Dataset dataset)
    {
        if (dataset is not NativeDataset native || dataset.Layout.Class != H5DataLayoutClass.Contiguous || LayoutProperty is null || ContextProperty is null)
        {
            return null;
        }

        try
        {
            object? layout = LayoutProperty.GetValue(native);
            if (layout is null)
            {
                return null;
            }

            // Layout messages v3/v4 keep the address in their storage properties; v1/v2 keep it on the message.
            object holder = layout.GetType().GetProperty("Properties", Members)?.GetValue(layout) ?? layout;
            object? address = holder.GetType().GetProperty("Address", Members)?.GetValue(holder);
            object? context = ContextProperty.GetValue(native);
            object? superblock = context?.GetType().GetProperty("Superblock", Members)?.GetValue(context);
            object? baseAddress = superblock?.GetType().GetProperty("BaseAddress", Members)?.GetValue(superblock);
            if (address is not ulong relative || baseAddress is not ulong origin || relative == ulong.MaxValue)
            {
                return null;
            }

            return checked((long)(origin + relative));
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }

    private static void Warn(string path, string what)
    {
        // Loud once per process: every later read is ~500x slower, which a user must be able to tell from a bug.
        if (Interlocked.Exchange(ref _warned, 1) == 0)
        {
            Console.Error.WriteLine($"ImageStorage warning: {path}: {what}; reading through PureHDF instead (much slower). Check the PureHDF version.");
        }
    }
}
