using System.Reflection;
using PureHDF;
using PureHDF.VOL.Native;

namespace ImageStorage.Hdf5;

/// <summary>
/// Where a contiguous dataset's bytes sit in its file, and whether its integers are little-endian. PureHDF parses the
/// layout and datatype messages but keeps these internal; reading them lets one image be one positioned read
/// (~2 µs) instead of PureHDF's per-row hyperslab walk (~1 ms). Any change in PureHDF's internals makes these return
/// null or false, and the store falls back to PureHDF's own reads.
/// </summary>
internal static class ContiguousData
{
    private const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    // Looked up once: reflection over a member costs microseconds, and a store is opened per read in the article's read-one.
    private static readonly PropertyInfo? LayoutProperty = typeof(NativeDataset).GetProperty("InternalDataLayout", Members);
    private static readonly PropertyInfo? ContextProperty = typeof(NativeObject).GetProperty("Context", Members);
    private static readonly FieldInfo? BitFieldField = typeof(NativeDataset).Assembly.GetType("PureHDF.VOL.Native.NativeFixedPointType")?.GetField("_bitField", Members);

    /// <summary>The absolute file offset of the dataset's first byte, or null if it cannot be known.</summary>
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

    /// <summary>
    /// For a dataset of integers, whether they are big-endian (true) or little-endian (false); null if unknown.
    /// PureHDF itself cannot convert byte order, so the store decodes such bytes itself.
    /// </summary>
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
}
