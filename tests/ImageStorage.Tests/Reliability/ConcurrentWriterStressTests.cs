using System.Diagnostics;
using ImageStorage.Datasets;

namespace ImageStorage.Tests.Reliability;

/// <summary>
/// One writer process and two reader processes on one store at once, for every kind, appending and replacing: no
/// process dies, and every byte every reader reads is what was written — never two stores mixed, never a half commit.
/// The append and replace cases are two classes so that they run side by side.
/// </summary>
public class ConcurrentAppendTests
{
    public static TheoryData<StoreKind> Kinds() => new(TestImages.LocalKinds);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Readers_in_other_processes_read_exact_data_while_a_writer_process_appends(StoreKind kind)
    {
        using var dir = new TempDirectory();
        string path = TestImages.StorePath(dir, kind);
        // A small first map, so the writer's commits grow it under the readers (LMDB's MDB_MAP_RESIZED).
        ImageStores.Write(kind, path, SyntheticImages.Generate(20, StressChild.Shape, StressChild.AppendSeed), new StoreOptions { LmdbInitialMapSize = 64 * 1024 });
        StressRun.Together(ChildProcess.Start("stress-append", path, StressRun.Seconds), path, "append");

        using var store = ImageStores.Open(path, new StoreOptions { VerifyChecksums = true });
        Assert.True(store.Count > 20, "the writer committed appends");
        TestImages.AssertEqual(SyntheticImages.Generate(store.Count, StressChild.Shape, StressChild.AppendSeed), store.ReadAll());
    }
}

/// <summary>See <see cref="ConcurrentAppendTests"/>: the same with a writer that replaces the store again and again.</summary>
public class ConcurrentReplaceTests
{
    public static TheoryData<StoreKind> Kinds() => new(TestImages.LocalKinds);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Readers_in_other_processes_never_mix_two_stores_while_a_writer_process_replaces_it(StoreKind kind)
    {
        using var dir = new TempDirectory();
        string path = TestImages.StorePath(dir, kind);
        ImageStores.Write(kind, path, StressChild.Generation(0));
        StressRun.Together(ChildProcess.Start("stress-replace", kind.ToString(), path, StressRun.Seconds), path, "replace");
    }
}

/// <summary>Runs a writer child and two reader children together and checks that all three finished cleanly.</summary>
internal static class StressRun
{
    // Long enough for dozens of commits per case, short enough that all kinds together stay within a minute.
    public const string Seconds = "2";

    public static void Together(Process writer, string path, string mode)
    {
        using (writer)
        using (var first = ChildProcess.Start("stress-read", mode, path, Seconds))
        using (var second = ChildProcess.Start("stress-read", mode, path, Seconds))
        {
            foreach (var (child, prefix) in new[] { (writer, "commits "), (first, "reads "), (second, "reads ") })
            {
                string line = ChildProcess.WaitForLine(child, prefix, TimeSpan.FromSeconds(90));
                Assert.True(child.WaitForExit(30_000), $"{prefix.Trim()} process did not finish");
                Assert.True(child.ExitCode == 0, $"{line}: exit code {child.ExitCode}: {child.StandardError.ReadToEnd()}");
                Assert.DoesNotContain($"{prefix}0 ", line + " ", StringComparison.Ordinal);
            }
        }
    }
}
