namespace ImageStorage;

/// <summary>What <see cref="IImageStore.Verify"/> found: how many images it read and every one that is bad.</summary>
/// <param name="Path">The store verified.</param>
/// <param name="Count">Images read.</param>
/// <param name="HasChecksums">False for a store written before checksums existed: then only decoding and headers were checked.</param>
/// <param name="BadImages">Every image that could not be read or whose checksum did not match, in id order.</param>
public sealed record VerifyReport(string Path, int Count, bool HasChecksums, IReadOnlyList<BadImage> BadImages)
{
    /// <summary>True when every image read back as it was stored (as far as the store can tell).</summary>
    public bool IsValid => BadImages.Count == 0;
}

/// <summary>One image that failed verification.</summary>
/// <param name="Id">The image's id.</param>
/// <param name="Problem">What is wrong with it, in one line.</param>
public sealed record BadImage(int Id, string Problem);
