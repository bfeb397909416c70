namespace ImageStorage.Tests.Stores;

/// <summary>A write that fails or is killed midway never damages the store already at the path, nor publishes a partial one.</summary>
public class CrashSafetyTests
{
    public static TheoryData<StoreKind> Kinds() => new(TestImages.LocalKinds);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void An_exception_midway_through_a_replacement_leaves_the_old_store_intact(StoreKind kind)
    {
        using var dir = new TempDirectory();
        var original = TestImages.Batch(20, ImageShape.Cifar10);
        string path = TestImages.Write(dir, kind, original);

        Assert.Throws<InvalidOperationException>(void () =>
        {
            using var writer = ImageStores.Create(kind, path, ImageShape.Cifar10, new StoreOptions { Overwrite = true });
            writer.AddMany(TestImages.Batch(50, ImageShape.Cifar10, seed: 3));
            throw new InvalidOperationException("the caller failed before committing");
        });

        using var store = ImageStores.Open(path);
        TestImages.AssertEqual(original, store.ReadAll());
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path, ".*imagestore-tmp*"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void An_append_that_is_not_committed_changes_nothing(StoreKind kind)
    {
        using var dir = new TempDirectory();
        var original = TestImages.Batch(12, ImageShape.Cifar10);
        string path = TestImages.Write(dir, kind, original);
        using (var writer = ImageStores.Append(path))
        {
            writer.AddMany(TestImages.Batch(30, ImageShape.Cifar10, seed: 5));
            Assert.Equal(42, writer.Count);
        }

        using (var store = ImageStores.Open(path))
        {
            TestImages.AssertEqual(original, store.ReadAll());
        }

        // And a later committed append still works on top.
        using (var writer = ImageStores.Append(path))
        {
            writer.AddMany(original.Slice(0, 2));
            writer.Commit();
        }

        using var grown = ImageStores.Open(path);
        Assert.Equal(14, grown.Count);
        TestImages.AssertEqual(original.Slice(0, 2), grown.ReadRange(12, 2));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_writer_process_killed_midway_leaves_the_old_store_readable_and_intact(StoreKind kind)
    {
        using var dir = new TempDirectory();
        var original = TestImages.Batch(25, ImageShape.Cifar10);
        string path = TestImages.Write(dir, kind, original);

        using var child = ChildProcess.Start("write-forever", kind.ToString(), path);
        ChildProcess.WaitForLine(child, "progress 640", TimeSpan.FromSeconds(60));
        child.Kill(entireProcessTree: true);
        child.WaitForExit();

        using var store = ImageStores.Open(path);
        TestImages.AssertEqual(original, store.ReadAll());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void An_appender_process_killed_midway_leaves_the_store_as_committed(StoreKind kind)
    {
        using var dir = new TempDirectory();
        var original = TestImages.Batch(25, ImageShape.Cifar10);
        string path = TestImages.Write(dir, kind, original);

        using (var child = ChildProcess.Start("append-uncommitted", path))
        {
            ChildProcess.WaitForLine(child, "progress 665", TimeSpan.FromSeconds(60));
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }

        using (var store = ImageStores.Open(path))
        {
            TestImages.AssertEqual(original, store.ReadAll());
        }

        // The dead appender's lock is gone with it: the next append commits.
        using (var writer = ImageStores.Append(path))
        {
            writer.AddMany(original.Slice(0, 5));
            writer.Commit();
        }

        using var grown = ImageStores.Open(path);
        TestImages.AssertEqual(original.Slice(0, 5), grown.ReadRange(25, 5));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_dead_overwriters_temporary_store_is_removed_by_the_next_append(StoreKind kind)
    {
        using var dir = new TempDirectory();
        string path = TestImages.Write(dir, kind, TestImages.Batch(4, ImageShape.Cifar10));
        using var exited = System.Diagnostics.Process.Start("true")!;
        exited.WaitForExit();
        string name = Path.GetFileName(path.TrimEnd('/'));
        string leftover = Path.Combine(dir.Path, $".{name}.imagestore-tmp-{Environment.MachineName.Replace('-', '_')}-{exited.Id}-0badc0de");
        Directory.CreateDirectory(leftover);
        File.WriteAllBytes(Path.Combine(leftover, "half-written"), new byte[100]);

        using (var writer = ImageStores.Append(path))
        {
            writer.AddMany(TestImages.Batch(2, ImageShape.Cifar10, seed: 3));
            writer.Commit();
        }

        Assert.False(Directory.Exists(leftover), "the killed overwrite's temporary store survived the next writer");
        using var store = ImageStores.Open(path);
        Assert.Equal(6, store.Count);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_writer_killed_before_its_first_commit_publishes_nothing(StoreKind kind)
    {
        using var dir = new TempDirectory();
        string path = TestImages.StorePath(dir, kind);
        using var child = ChildProcess.Start("write-forever", kind.ToString(), path);
        ChildProcess.WaitForLine(child, "progress 128", TimeSpan.FromSeconds(60));
        child.Kill(entireProcessTree: true);
        child.WaitForExit();

        Assert.False(File.Exists(path) || Directory.Exists(path), "a store that was never committed must not appear");
        Assert.Throws<NotAStoreException>(() => ImageStores.Open(path));

        // The dead writer's hidden temporary store is removed by the next writer to that path.
        Assert.NotEmpty(Directory.GetFileSystemEntries(dir.Path, ".*imagestore-tmp*"));
        ImageStores.Write(kind, path, TestImages.Batch(3, ImageShape.Cifar10));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path, ".*imagestore-tmp*"));
    }
}
