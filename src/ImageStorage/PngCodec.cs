namespace ImageStorage;

/// <summary>The library that encodes and decodes the PNG files of PNG stores and of PNG-encoded LMDB and HDF5 records; either reads what either wrote.</summary>
public enum PngCodec
{
    /// <summary>SkiaSharp (libpng and zlib underneath): the default, the faster of the two at every measured size (see the README).</summary>
    SkiaSharp,

    /// <summary>SixLabors.ImageSharp 2.1, fully managed, configured with the PNG format only and an allocation limit of one image.</summary>
    ImageSharp,
}
