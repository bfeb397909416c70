namespace ImageStorage.Cli.Sources;

/// <summary>Images to convert: their shape and number, and the images themselves in chunks of bounded size.</summary>
internal interface IImageSource : IDisposable
{
    /// <summary>What the source is, in one line, for the log.</summary>
    string Description { get; }

    /// <summary>The shape every image will have.</summary>
    ImageShape Shape { get; }

    /// <summary>How many images the source yields.</summary>
    int Count { get; }

    /// <summary>The names of the classes its labels stand for, if it knows them.</summary>
    IReadOnlyList<string>? ClassNames { get; }

    /// <summary>The images, at most <paramref name="chunkSize"/> at a time; a chunk is valid until the next one is asked for.</summary>
    IEnumerable<ImageBatch> Chunks(int chunkSize, CancellationToken cancellationToken);
}
