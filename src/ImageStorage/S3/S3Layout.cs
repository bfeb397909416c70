namespace ImageStorage.S3;

/// <summary>How an S3 store lays its images out in objects: the difference the two S3 kinds exist to show.</summary>
internal enum S3Layout
{
    /// <summary>One object per image: one GET per image read, the many-small-files pattern of a PNG folder.</summary>
    Objects,

    /// <summary>Shards of many images' pixels, read with range GETs through an index, as WebDataset and MosaicML Streaming do.</summary>
    Shards,
}
