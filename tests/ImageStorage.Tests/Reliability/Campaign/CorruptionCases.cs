namespace ImageStorage.Tests.Reliability.Campaign;

/// <summary>
/// Part c, in a child process (a native crash on damaged data must not end the campaign): writes a store, damages
/// it, reads everything with checksums checked, runs Verify(), and prints one tab-separated line per case.
/// </summary>
public static class CorruptionCases
{
    /// <summary>Images per damaged store: enough for several pages, shards and blocks of every kind.</summary>
    public const int Images = 40;

    private static readonly ImageBatch Written = TestImages.Batch(Images, ImageShape.Cifar10);

    /// <summary>Runs cases <paramref name="first"/> .. first + count − 1; with <paramref name="keep"/> the damaged stores stay on disk.</summary>
    public static int Run(StoreKind kind, int seed, int first, int count, bool keep)
    {
        for (int i = first; i < first + count; i++)
        {
            Console.WriteLine($"start\t{i}");
            var dir = new TempDirectory();
            try
            {
                string path = TestImages.Write(dir, kind, Written);
                string type = Damage.Classes[i % Damage.Classes.Length];
                string damage = Damage.Apply(path, type, new Random((seed * 100_003) + ((int)kind * 1009) + i));
                // Said before reading, so a case that kills the process is still described.
                Console.WriteLine($"damage\t{i}\t{type}\t{Clean(damage)}" + (keep ? $"\tkept at {path}" : ""));
                var (outcome, detail, bad) = ReadEverything(path, i);
                Step(i, "Verify");
                string verify = VerifyVerdict(path, outcome, bad);
                Console.WriteLine(string.Join('\t', "case", i, outcome, verify, type, Clean(damage), Clean(detail)) + (keep ? $"\tkept at {path}" : ""));
            }
            finally
            {
                if (!keep)
                {
                    dir.Dispose();
                }
            }
        }

        return 0;
    }

    // Opens with checks on and reads everything (ReadAll, then each id); the outcome is the worst thing that happened.
    private static (string Outcome, string Detail, SortedSet<int>? Bad) ReadEverything(string path, int i)
    {
        IImageStore store;
        try
        {
            Step(i, "Open");
            store = ImageStores.Open(path, new StoreOptions { VerifyChecksums = true });
        }
        catch (ImageStoreException e)
        {
            return ("refused", "Open: " + e.Message, null);
        }
        catch (Exception e)
        {
            return ("crash", $"Open: {e.GetType().FullName}: {e.Message}", null);
        }

        using (store)
        {
            string? silent = null, crash = null, refused = null;
            var bad = new SortedSet<int>();
            void Failed(Exception e, string what, int? id)
            {
                if (id is { } badId)
                {
                    bad.Add(badId);
                }

                if (e is ImageStoreException)
                {
                    refused ??= $"{what}: {e.Message}";
                }
                else
                {
                    crash ??= $"{what}: {e.GetType().FullName}: {e.Message}";
                }
            }

            try
            {
                Step(i, "ReadAll");
                var all = store.ReadAll();
                silent ??= Difference.Between(i => Difference.At(Written, i), Images, all) is { } d ? "ReadAll: " + d : null;
            }
            catch (Exception e)
            {
                Failed(e, "ReadAll", null);
            }

            if (store.Count != Images)
            {
                silent ??= $"Count is {store.Count}, {Images} were written";
            }

            Step(i, "Read(id) for each id");
            var pixels = new byte[store.Shape.ByteCount];
            // A damaged count could be huge: read the ids written plus a few the store claims beyond them.
            for (int id = 0; id < Math.Min(store.Count, Images + 10); id++)
            {
                try
                {
                    int label = store.Read(id, pixels);
                    string? wrong = id < Images ? Difference.OfImage(id, Written.Image(id), Written.Labels[id], pixels, label) : $"image {id} was never written";
                    if (wrong is not null)
                    {
                        silent ??= "Read: " + wrong;
                        bad.Add(id);
                    }
                }
                catch (Exception e)
                {
                    Failed(e, $"Read({id})", id);
                }
            }

            string outcome = crash is not null ? "crash" : silent is not null ? "silent" : refused is not null ? "refused" : "exact";
            return (outcome, crash ?? silent ?? refused ?? "", bad);
        }
    }

    // Whether Verify() (which always checks) named the images the reads found bad.
    private static string VerifyVerdict(string path, string outcome, SortedSet<int>? bad)
    {
        try
        {
            using var store = ImageStores.Open(path, new StoreOptions { VerifyChecksums = false });
            var report = store.Verify();
            var named = report.BadImages.Select(b => b.Id).ToHashSet();
            if (named.Count == 0)
            {
                return outcome == "exact" ? "clean" : "missed";
            }

            if (outcome == "exact")
            {
                return "false-alarm";
            }

            return bad is not null && named.SetEquals(bad) ? "named-exactly" : $"named-others (Verify: {string.Join(",", named.Order())}; reads: {(bad is null ? "refused at open" : string.Join(",", bad))})";
        }
        catch (ImageStoreException)
        {
            return outcome == "exact" ? "false-alarm" : "refused";
        }
        catch (Exception e)
        {
            return $"crash ({e.GetType().Name})";
        }
    }

    // Which call a case is in, so a case that kills the process names the call that did it.
    private static void Step(int i, string call) => Console.WriteLine($"step\t{i}\t{call}");

    private static string Clean(string text) => text.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
}
