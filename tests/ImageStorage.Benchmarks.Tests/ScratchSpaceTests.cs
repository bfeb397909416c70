using ImageStorage.Benchmarks.Infrastructure;

namespace ImageStorage.Benchmarks.Tests;

/// <summary>The trash is emptied between cases only when the disk runs short, never otherwise (a full run once filled a 44 GB disk with it).</summary>
public sealed class ScratchSpaceTests
{
    [Fact]
    public void The_trash_is_kept_while_there_is_room_and_emptied_when_there_is_not()
    {
        string store = Path.Combine(ScratchSpace.Root, "scratch-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(store);
        File.WriteAllBytes(Path.Combine(store, "images.u8"), new byte[4096]);
        ScratchSpace.Discard(store);
        Assert.False(Directory.Exists(store));
        Assert.True(Directory.Exists(ScratchSpace.Trash));

        Assert.False(ScratchSpace.EmptyTrashIfShortOfRoom(minimumFree: 0));
        Assert.NotEmpty(Directory.EnumerateFileSystemEntries(ScratchSpace.Trash));

        Assert.True(ScratchSpace.EmptyTrashIfShortOfRoom(minimumFree: long.MaxValue));
        Assert.False(Directory.Exists(ScratchSpace.Trash));
    }
}
