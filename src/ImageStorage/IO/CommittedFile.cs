using Microsoft.Win32.SafeHandles;

namespace ImageStorage.IO;

/// <summary>A store file that writers extend with positioned writes past what is committed (images, labels, index entries, checksums).</summary>
internal static class CommittedFile
{
    /// <summary>Opens (or creates) <paramref name="name"/> in <paramref name="directory"/> for writing, cut back to its <paramref name="committedLength"/> bytes.</summary>
    public static SafeFileHandle OpenForWrite(string directory, string name, long committedLength)
    {
        var handle = File.OpenHandle(Path.Combine(directory, name), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            // Bytes past the committed count are leftovers of an append that was never committed.
            RandomAccess.SetLength(handle, committedLength);
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }
}
