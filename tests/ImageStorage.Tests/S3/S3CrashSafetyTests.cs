using ImageStorage.S3;

namespace ImageStorage.Tests.S3;

/// <summary>
/// A writer killed midway leaves nothing visible in the bucket — readers see the store as last committed — and the
/// next writer removes the objects it left (its part, which no manifest lists).
/// </summary>
[Collection(SharedCephRgw.Name)]
public class S3CrashSafetyTests
{
    public static TheoryData<StoreKind> Kinds() => S3RoundTripTests.Kinds();

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_writer_process_killed_midway_leaves_the_old_store_and_the_next_writer_removes_its_objects(StoreKind kind)
    {
        var original = TestImages.Batch(25, ImageShape.Cifar10);
        string location = CephRgw.NewLocation();
        ImageStores.Write(kind, location, original);
        var committed = CephRgw.Keys(location);

        var orphans = KillMidway(location, committed, original, "progress 640", "write-forever", kind.ToString(), location);

        using (var writer = ImageStores.Append(location))
        {
            writer.AddMany(original.Slice(0, 5));
            writer.Commit();
        }

        Assert.Empty(CephRgw.Keys(location).Intersect(orphans));
        using var grown = ImageStores.Open(location);
        TestImages.AssertEqual(ImageBatch.Concat([original, original.Slice(0, 5)]), grown.ReadAll());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void An_appender_process_killed_midway_leaves_the_store_as_committed_and_a_new_store_there_removes_its_objects(StoreKind kind)
    {
        var original = TestImages.Batch(25, ImageShape.Cifar10);
        string location = CephRgw.NewLocation();
        ImageStores.Write(kind, location, original);
        var committed = CephRgw.Keys(location);

        var orphans = KillMidway(location, committed, original, "progress 665", "append-uncommitted", location);

        var replacement = TestImages.Batch(3, ImageShape.Cifar10, seed: 8);
        ImageStores.Write(kind, location, replacement, new StoreOptions { Overwrite = true });
        var left = CephRgw.Keys(location);
        Assert.Empty(left.Intersect(orphans));
        Assert.DoesNotContain(left.Intersect(committed), k => !k.EndsWith(S3Keys.Manifest, StringComparison.Ordinal));
        using var replaced = ImageStores.Open(location);
        TestImages.AssertEqual(replacement, replaced.ReadAll());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_live_writers_objects_are_left_alone_by_the_next_writer(StoreKind kind)
    {
        string location = CephRgw.NewLocation();
        ImageStores.Write(kind, location, TestImages.Batch(4, ImageShape.Cifar10));
        var committed = CephRgw.Keys(location);
        using var live = ImageStores.Append(location, S3RoundTripTests.SmallShards);
        live.AddMany(TestImages.Batch(100, ImageShape.Cifar10, seed: 6));
        // Shards go up in the background: wait until some of the live writer's objects are there.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        List<string> written;
        while ((written = [.. CephRgw.Keys(location).Except(committed)]).Count == 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
        }

        Assert.NotEmpty(written);
        ImageStores.Append(location).Dispose();
        ImageStores.Create(kind, location, ImageShape.Cifar10, new StoreOptions { Overwrite = true }).Dispose();

        Assert.Empty(written.Except(CephRgw.Keys(location)));
        live.Commit();
        using var store = ImageStores.Open(location);
        Assert.Equal(104, store.Count);
    }

    // Kills a child writer once it says `progress`, checks it left objects and readers still see `original`: returns the objects.
    private static List<string> KillMidway(string location, IEnumerable<string> committed, ImageBatch original, string progress, params string[] child)
    {
        using (var writer = ChildProcess.Start(child))
        {
            ChildProcess.WaitForLine(writer, progress, TimeSpan.FromSeconds(120));
            writer.Kill(entireProcessTree: true);
            writer.WaitForExit();
        }

        var orphans = CephRgw.Keys(location).Except(committed).ToList();
        Assert.NotEmpty(orphans);
        using var store = ImageStores.Open(location);
        TestImages.AssertEqual(original, store.ReadAll());
        return orphans;
    }
}
