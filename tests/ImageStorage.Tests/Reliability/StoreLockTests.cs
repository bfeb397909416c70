using System.Reflection;
using System.Runtime.InteropServices;
using ImageStorage.IO;
using Microsoft.Win32.SafeHandles;

namespace ImageStorage.Tests.Reliability;

/// <summary>
/// A writer's lock ends when the writer does, even while another process holds a copy of its open file description
/// (what fork gives a child of any Process.Start until it execs).
/// </summary>
public partial class StoreLockTests
{
    [Theory]
    [InlineData(StoreKind.Raw)]
    [InlineData(StoreKind.Hdf5)]
    public void A_released_lock_is_free_while_a_copy_of_its_descriptor_lives(StoreKind kind)
    {
        using var dir = new TempDirectory();
        string path = TestImages.Write(dir, kind, TestImages.Batch(3, ImageShape.Cifar10));

        var first = StoreLock.Acquire(path);
        var handle = (SafeFileHandle)typeof(StoreLock).GetField("_handle", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(first)!;
        int copy = Dup((int)handle.DangerousGetHandle());
        Assert.True(copy >= 0);
        try
        {
            first.Dispose();
            using var second = StoreLock.Acquire(path); // threw "another writer is adding to or replacing this store" before
        }
        finally
        {
            Close(copy);
        }
    }

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static partial int Dup(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
