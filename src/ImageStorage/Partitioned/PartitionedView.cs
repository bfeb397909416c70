namespace ImageStorage.Partitioned;

/// <summary>Several stores read as one: ids run through the first, then the second, and so on; the stores stay open when the view is disposed.</summary>
internal sealed class PartitionedView : StoreReader
{
    private readonly IImageStore[] _parts;

    // _starts[s] is the first view id of part s; _starts[^1] is the view's count.
    private readonly int[] _starts;

    public PartitionedView(string path, ImageShape shape, IImageStore[] parts)
        : base(path, parts[0].Kind, shape, checked(parts.Sum(p => p.Count)), Traits(parts))
    {
        _parts = parts;
        _starts = new int[parts.Length + 1];
        for (int s = 0; s < parts.Length; s++)
        {
            _starts[s + 1] = _starts[s] + parts[s].Count;
        }
    }

    // The parts check their own checksums (with their own options), so the view's verify flag adds nothing.
    protected override int ReadOne(int id, Span<byte> pixels, bool verify)
    {
        int s = SegmentOf(id);
        return _parts[s].Read(id - _starts[s], pixels);
    }

    protected override void ReadRangeCore(int start, ImageBatch destination, bool verify)
    {
        // Each part reads its share straight into a view of the destination: nothing is copied twice.
        int at = 0;
        for (int s = SegmentOf(start); at < destination.Count; s++)
        {
            int n = Math.Min(_starts[s + 1] - (start + at), destination.Count - at);
            if (n > 0)
            {
                _parts[s].ReadRange(start + at - _starts[s], destination.Slice(at, n));
                at += n;
            }
        }
    }

    protected override void ReadManyCore(ReadOnlySpan<int> ids, ImageBatch destination, bool verify)
    {
        var segments = new int[ids.Length];
        var perSegment = new int[_parts.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            segments[i] = SegmentOf(ids[i]);
            perSegment[segments[i]]++;
        }

        int only = segments[0];
        if (perSegment[only] == ids.Length)
        {
            // Every id is in one part: that part reads straight into the destination.
            _parts[only].ReadMany(_starts[only] == 0 ? ids : Localize(ids, _starts[only]), destination);
            return;
        }

        // Group ids by part (a stable counting sort) so each part reads its group in one ReadMany, then scatter it into place.
        var first = new int[_parts.Length + 1];
        for (int s = 0; s < _parts.Length; s++)
        {
            first[s + 1] = first[s] + perSegment[s];
        }

        var positions = new int[ids.Length];
        var next = (int[])first.Clone();
        for (int i = 0; i < ids.Length; i++)
        {
            positions[next[segments[i]]++] = i;
        }

        for (int s = 0; s < _parts.Length; s++)
        {
            int n = perSegment[s];
            if (n == 0)
            {
                continue;
            }

            var local = new int[n];
            for (int j = 0; j < n; j++)
            {
                local[j] = ids[positions[first[s] + j]] - _starts[s];
            }

            var group = ImageBatch.Allocate(Shape, n);
            _parts[s].ReadMany(local, group);
            group.ScatterTo(destination, positions.AsSpan(first[s], n));
        }
    }

    /// <inheritdoc />
    public override VerifyReport Verify(IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        // Each part verifies itself; their bad ids are moved into the view's numbering.
        ThrowIfDisposed();
        var bad = new List<BadImage>();
        for (int s = 0; s < _parts.Length; s++)
        {
            int offset = _starts[s];
            var part = _parts[s].Verify(progress is null ? null : new OffsetProgress(progress, offset), cancellationToken);
            bad.AddRange(part.BadImages.Select(b => b with { Id = b.Id + offset }));
        }

        return new VerifyReport(Path, Count, HasChecksums, bad);
    }

    protected override void Dispose(bool disposing)
    {
        // The parts belong to the PartitionedStore that made this view.
    }

    private static StoreReaderTraits Traits(IImageStore[] parts) =>
        new(parts[0].Encoding, parts.All(p => p.HasChecksums), VerifyOnRead: false) { ClassNames = parts[0].ClassNames };

    private static int[] Localize(ReadOnlySpan<int> ids, int offset)
    {
        var local = new int[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            local[i] = ids[i] - offset;
        }

        return local;
    }

    // The part holding view id `id`: the last s with _starts[s] <= id, which skips empty parts.
    private int SegmentOf(int id)
    {
        int lo = 0, hi = _parts.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >>> 1;
            if (_starts[mid] <= id)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }
}

/// <summary>Reports a part's progress as progress through the whole view.</summary>
internal sealed class OffsetProgress(IProgress<int> whole, int offset) : IProgress<int>
{
    public void Report(int value) => whole.Report(offset + value);
}
