using Microsoft.Win32.SafeHandles;

namespace ImageStorage.IO;

/// <summary>The one loop every store uses to fill a buffer from a file offset: positioned reads, safe from many threads at once.</summary>
internal static class PositionedRead
{
    /// <summary>Reads into all of <paramref name="buffer"/> from <paramref name="offset"/>; returns fewer bytes only where the file ends.</summary>
    public static int Fill(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = RandomAccess.Read(handle, buffer[total..], offset + total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
