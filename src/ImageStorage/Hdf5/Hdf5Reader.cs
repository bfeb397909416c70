namespace ImageStorage.Hdf5;

/// <summary>What both HDF5 readers share: the opened file, its labels, and its checksums (read whole on first use).</summary>
internal abstract class Hdf5Reader : StoreReader
{
    private readonly Lazy<uint[]>? _checksums;

    protected Hdf5Reader(Hdf5StoreFile file, StoreOptions options)
        : base(file.Path, StoreKind.Hdf5, file.Shape, file.Count, new StoreReaderTraits(file.Encoding, file.Checksums is not null, options.VerifyChecksums) { ClassNames = file.Classes })
    {
        File = file;
        if (file.Checksums is { } dataset)
        {
            _checksums = new Lazy<uint[]>(() => ReadChecksums(file, dataset), LazyThreadSafetyMode.ExecutionAndPublication);
        }
    }

    /// <summary>The opened store file.</summary>
    protected Hdf5StoreFile File { get; }

    protected override void Dispose(bool disposing) => File.Dispose();

    /// <summary>Reads the label of image <paramref name="id"/>.</summary>
    protected int Label(int id)
    {
        Span<int> label = stackalloc int[1];
        File.Labels.Read(id, label);
        return label[0];
    }

    /// <summary>Checks image <paramref name="id"/> against its stored checksum, if verifying and the store has checksums.</summary>
    protected void Check(int id, ReadOnlySpan<byte> pixels, int label, bool verify)
    {
        if (verify && _checksums is not null)
        {
            ImageChecksum.Check(Path, id, pixels, label, _checksums.Value[id]);
        }
    }

    private static uint[] ReadChecksums(Hdf5StoreFile file, PureHDF.IH5Dataset dataset)
    {
        var values = new long[file.Count];
        new Hdf5Integers(file, dataset).Read(0, values, 0);
        return Array.ConvertAll(values, v => (uint)v);
    }
}
