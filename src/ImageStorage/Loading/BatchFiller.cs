namespace ImageStorage.Loading;

/// <summary>Reads a batch's ids from the store and lays its images out: one contiguous range with one ReadRange, any other ids with one ReadMany.</summary>
internal sealed class BatchFiller(IImageStore store, LoaderOptions options)
{
    private readonly ChannelNormalization _normalization = options.Normalization ?? ChannelNormalization.UnitScale(store.Shape.Channels);

    /// <summary>Fills <paramref name="batch"/>, whose ids are assigned, with its images and labels.</summary>
    public void Fill(LoaderBatch batch)
    {
        var ids = batch.Ids;
        var target = batch.ReadTarget;
        if (IsRange(ids))
        {
            store.ReadRange(ids[0], target);
        }
        else
        {
            store.ReadMany(ids, target);
        }

        switch (batch.Layout)
        {
            case BatchLayout.NchwUInt8:
                ImageLayouts.ToNchw(target.Pixels, batch.ByteMemory.Span, store.Shape);
                break;
            case BatchLayout.NchwFloat32:
                ImageLayouts.ToNchw(target.Pixels, batch.FloatMemory.Span, store.Shape, _normalization);
                break;
            default:
                break; // NHWC bytes were read in place.
        }
    }

    // Consecutive ascending ids: the store can read them as one range (a sequential order's batches always are).
    private static bool IsRange(ReadOnlySpan<int> ids)
    {
        for (int i = 1; i < ids.Length; i++)
        {
            if (ids[i] != ids[0] + i)
            {
                return false;
            }
        }

        return true;
    }
}
