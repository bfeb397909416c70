namespace ImageStorage.Cli.Sources;

/// <summary>An existing store of any kind, read range by range into one reused buffer.</summary>
internal sealed class StoreSource(IImageStore store) : IImageSource
{
    public string Description => $"{store.Kind} store {store.Path} ({store.Count:N0} images of {store.Shape})";

    public ImageShape Shape => store.Shape;

    public int Count => store.Count;

    public IReadOnlyList<string>? ClassNames => store.ClassNames;

    public IEnumerable<ImageBatch> Chunks(int chunkSize, CancellationToken cancellationToken)
    {
        var buffer = ImageBatch.Allocate(Shape, Math.Min(chunkSize, Math.Max(1, Count)));
        for (int start = 0; start < Count; start += chunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = buffer.Slice(0, Math.Min(chunkSize, Count - start));
            store.ReadRange(start, chunk);
            yield return chunk;
        }
    }

    public void Dispose() => store.Dispose();
}
