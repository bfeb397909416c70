namespace ImageStorage;

/// <summary>How a store's records hold each image: raw pixels, or the bytes of a PNG file (as Caffe's --encoded and FFCV's jpg fields do); <see cref="ImageStores.Encodings"/> says which a kind offers.</summary>
public enum RecordEncoding
{
    /// <summary>H × W × C pixel bytes, read with a copy.</summary>
    Raw,

    /// <summary>A PNG file per image: smaller on disk, decoded on read.</summary>
    Png,
}
