using ImageStorage.TarShards;

namespace ImageStorage.S3;

/// <summary>
/// The GETs that read a list of images: one whole-object GET per image in the object-per-image layout; in the shard
/// layout, one range GET per run of images lying close together in one shard (sorted by shard and offset, gaps of
/// at most <see cref="MaxGapBytes"/> read and dropped, runs cut at <see cref="MaxRangeBytes"/> so they still go out in parallel).
/// </summary>
internal sealed class S3ReadPlan
{
    /// <summary>Images of a shard at most this many bytes apart are read by one range GET: fewer round trips for a few wasted bytes.</summary>
    public const int MaxGapBytes = 64 << 10;

    /// <summary>A range GET reads at most this many bytes (unless one image is larger).</summary>
    public const int MaxRangeBytes = 8 << 20;

    private S3ReadPlan(List<S3Fetch> fetches, S3Target[] targets)
    {
        Fetches = fetches;
        Targets = targets;
    }

    /// <summary>The GETs to make.</summary>
    public List<S3Fetch> Fetches { get; }

    /// <summary>Where each fetch's bytes go: fetch f fills targets [f.First, f.First + f.Count).</summary>
    public S3Target[] Targets { get; }

    /// <summary>Plans reading <paramref name="located"/> (each image's destination slot, id, part and index entry) from a store of <paramref name="layout"/>.</summary>
    public static S3ReadPlan For(S3Layout layout, S3Location location, S3LocatedImage[] located)
    {
        var fetches = new List<S3Fetch>();
        var targets = new S3Target[located.Length];
        if (layout == S3Layout.Objects)
        {
            for (int i = 0; i < located.Length; i++)
            {
                var image = located[i];
                targets[i] = new S3Target(image.Slot, image.Id, 0, image.Entry.Length);
                fetches.Add(new S3Fetch(location.Key(S3Keys.Image(image.Part.Name, image.Id)), -1, image.Entry.Length, i, 1, image.Part, 0));
            }

            return new S3ReadPlan(fetches, targets);
        }

        var order = located.OrderBy(l => l.Part.FirstId).ThenBy(l => l.Entry.Shard).ThenBy(l => l.Entry.Offset).ToArray();
        int first = 0;
        while (first < order.Length)
        {
            var head = order[first];
            long start = head.Entry.Offset;
            long end = head.Entry.End;
            int next = first + 1;
            while (next < order.Length && InSameRun(head, order[next], end) && Math.Max(end, order[next].Entry.End) - start <= MaxRangeBytes)
            {
                end = Math.Max(end, order[next].Entry.End);
                next++;
            }

            for (int i = first; i < next; i++)
            {
                targets[i] = new S3Target(order[i].Slot, order[i].Id, order[i].Entry.Offset - start, order[i].Entry.Length);
            }

            fetches.Add(new S3Fetch(location.Key(S3Keys.Shard(head.Part.Name, head.Entry.Shard)), start, checked((int)(end - start)), first, next - first, head.Part, head.Entry.Shard));
            first = next;
        }

        return new S3ReadPlan(fetches, targets);
    }

    private static bool InSameRun(S3LocatedImage head, S3LocatedImage next, long end) =>
        ReferenceEquals(next.Part, head.Part) && next.Entry.Shard == head.Entry.Shard && next.Entry.Offset <= end + MaxGapBytes;
}

/// <summary>An image to read: the destination slot it goes to, its id, its part and its index entry.</summary>
/// <param name="Slot">Its place in the destination batch.</param>
/// <param name="Id">The image's id.</param>
/// <param name="Part">The part holding it.</param>
/// <param name="Entry">Where it is in that part.</param>
internal readonly record struct S3LocatedImage(int Slot, int Id, S3PartIndex Part, ShardEntry Entry);

/// <summary>One GET: the object, the offset of a range (negative: the whole object), its length, its targets, and its part and shard.</summary>
/// <param name="Key">The object's key.</param>
/// <param name="Offset">Where the range starts, or -1 for the whole object.</param>
/// <param name="Length">How many bytes the GET returns.</param>
/// <param name="First">The first of its targets in <see cref="S3ReadPlan.Targets"/>.</param>
/// <param name="Count">How many targets it fills.</param>
/// <param name="Part">The part the object belongs to, whose checksums check its images.</param>
/// <param name="Shard">The shard's number in the shard layout (0 for an image's object).</param>
internal readonly record struct S3Fetch(string Key, long Offset, int Length, int First, int Count, S3PartIndex Part, int Shard)
{
    /// <summary>How many bytes the whole object holds, as the index says: what a cached copy of it must hold.</summary>
    public long ObjectLength => Offset < 0 ? Length : Part.ShardLength(Shard);
}

/// <summary>One image's bytes inside a fetch: its destination slot, id, offset in the fetched bytes and length.</summary>
/// <param name="Slot">Its place in the destination batch.</param>
/// <param name="Id">The image's id.</param>
/// <param name="Offset">Where its bytes start in what the fetch returns.</param>
/// <param name="Length">How many bytes it has.</param>
internal readonly record struct S3Target(int Slot, int Id, long Offset, int Length);
