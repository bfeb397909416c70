using System.Globalization;

namespace ImageStorage.IO;

/// <summary>
/// The name a writer gives what it has not yet committed — this host, its process id and a random part
/// (<c>host-pid-1a2b3c4d</c>) — so that a later writer can tell the leftovers of a writer on this host that has died
/// from those of a live one (or of one on another host, which it never touches).
/// </summary>
internal static class WriterTag
{
    /// <summary>A fresh tag for this process.</summary>
    public static string New() => $"{Owner}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>True if <paramref name="tag"/> is one <see cref="New"/> made in a process of this host that is no longer running.</summary>
    public static bool IsDeadWriterOfThisHost(string tag)
    {
        string[] parts = tag.Split('-');
        return parts.Length == 3 && parts[0] == Owner
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && !IsRunning(pid);
    }

    // A host name without the separator, so a tag parses back into host, process id and a random part.
    private static string Owner => Environment.MachineName.Replace('-', '_');

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
