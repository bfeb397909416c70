using System.Diagnostics;
using ImageStorage.Datasets;

namespace ImageStorage.Tests.Reliability;

/// <summary>
/// What the writer and reader child processes of the stress tests do. Every image is a pure function of its store's
/// seed and id, so a reader in another process can check every byte it reads without being told what was written.
/// </summary>
public static class StressChild
{
    /// <summary>The seed of the images an appending writer adds (image i of the store is image i of this seed).</summary>
    public const ulong AppendSeed = 4242;

    /// <summary>The first generation's seed of a replacing writer; generation g's images use seed ReplaceSeed + g and all have label g.</summary>
    public const ulong ReplaceSeed = 9000;

    // Big enough that each LMDB record takes its own overflow page, so appends outgrow the map readers opened with.
    public static readonly ImageShape Shape = ImageShape.Cifar10;

    /// <summary>The images of generation <paramref name="generation"/> of a replaced store: a count that changes with it, all labelled with it.</summary>
    public static ImageBatch Generation(int generation)
    {
        var batch = SyntheticImages.Generate(30 + (generation % 7 * 10), Shape, ReplaceSeed + (ulong)generation);
        batch.Labels.Fill(generation);
        return batch;
    }

    /// <summary>Appends batches and commits each until <paramref name="seconds"/> have passed; prints how many images it added.</summary>
    public static int Append(string path, double seconds)
    {
        var clock = Stopwatch.StartNew();
        int commits = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            using var writer = ImageStores.Append(path);
            // 200 images (~0.8 MB in LMDB) per commit: the first commit already outgrows the map the readers opened.
            var all = SyntheticImages.Generate(writer.Count + 200, Shape, AppendSeed);
            writer.AddMany(all.Slice(writer.Count, 200));
            writer.Commit();
            commits++;
        }

        Console.WriteLine($"commits {commits}");
        return 0;
    }

    /// <summary>Replaces the store with a new generation and commits, until <paramref name="seconds"/> have passed.</summary>
    public static int Replace(StoreKind kind, string path, double seconds)
    {
        var clock = Stopwatch.StartNew();
        int generation = 1;
        for (; clock.Elapsed.TotalSeconds < seconds; generation++)
        {
            ImageStores.Write(kind, path, Generation(generation), new StoreOptions { Overwrite = true });
        }

        Console.WriteLine($"commits {generation - 1}");
        return 0;
    }

    /// <summary>
    /// Reads the store over and over for <paramref name="seconds"/>: each time it opens it, reads everything, and also
    /// keeps one store open across a writer's commits, reading it again; every byte must be what was written, and a
    /// store held open must keep reading one committed state (or say it was replaced). Prints what it did.
    /// </summary>
    public static int Read(string mode, string path, double seconds)
    {
        var clock = Stopwatch.StartNew();
        int reads = 0, replaced = 0;
        var (held, heldFirst) = OpenAndRead(mode, path, ref replaced);
        try
        {
            // At least a few rounds however slow the machine, so every reader overlaps the writer's commits.
            while (clock.Elapsed.TotalSeconds < seconds || reads < MinimumReads)
            {
                try
                {
                    using var store = ImageStores.Open(path, new StoreOptions { VerifyChecksums = true });
                    Check(mode, store.ReadAll(), path);
                }
                catch (StoreReplacedException)
                {
                    // Replaced between our open and our read: the documented answer is to open it again.
                    replaced++;
                }

                try
                {
                    // The store held open reads the very state it read first, whatever writers did since.
                    int id = reads % held.Count;
                    var again = held.ReadRange(0, held.Count);
                    TestImagesEqual(heldFirst, again, path + " (held open)");
                    var one = new byte[held.Shape.ByteCount];
                    int label = held.Read(id, one);
                    if (label != heldFirst.Labels[id] || !heldFirst.Image(id).SequenceEqual(one))
                    {
                        throw new InvalidOperationException($"{path} (held open): image {id} changed under a reader.");
                    }
                }
                catch (StoreReplacedException)
                {
                    replaced++;
                    held.Dispose();
                    (held, heldFirst) = OpenAndRead(mode, path, ref replaced);
                }

                reads++;
            }
        }
        finally
        {
            held.Dispose();
        }

        Console.WriteLine($"reads {reads} replaced {replaced}");
        return 0;
    }

    private const int MinimumReads = 3;

    // Opens the store and reads it whole, opening again (a bounded number of times) while a writer keeps replacing it under the read.
    private static (IImageStore Store, ImageBatch All) OpenAndRead(string mode, string path, ref int replaced)
    {
        for (int attempt = 0; ; attempt++)
        {
            var store = ImageStores.Open(path, new StoreOptions { VerifyChecksums = true });
            try
            {
                var all = store.ReadAll();
                Check(mode, all, path);
                return (store, all);
            }
            catch (StoreReplacedException) when (attempt < 100)
            {
                replaced++;
                store.Dispose();
            }
            catch
            {
                store.Dispose();
                throw;
            }
        }
    }

    private static void Check(string mode, ImageBatch read, string path)
    {
        ImageBatch expected;
        if (mode == "append")
        {
            expected = SyntheticImages.Generate(read.Count, Shape, AppendSeed);
        }
        else
        {
            int generation = read.Labels[0];
            expected = Generation(generation);
        }

        TestImagesEqual(expected, read, path);
    }

    private static void TestImagesEqual(ImageBatch expected, ImageBatch actual, string what)
    {
        if (expected.Count != actual.Count)
        {
            throw new InvalidOperationException($"{what}: read {actual.Count} images, the state it belongs to has {expected.Count}.");
        }

        for (int i = 0; i < expected.Count; i++)
        {
            if (expected.Labels[i] != actual.Labels[i] || !expected.Image(i).SequenceEqual(actual.Image(i)))
            {
                throw new InvalidOperationException($"{what}: image {i} is not the one written (label {actual.Labels[i]}, expected {expected.Labels[i]}): two stores mixed, or wrong data.");
            }
        }
    }
}
