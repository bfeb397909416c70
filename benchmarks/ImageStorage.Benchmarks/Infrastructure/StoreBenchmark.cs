using BenchmarkDotNet.Attributes;
using ImageStorage.IO;

namespace ImageStorage.Benchmarks.Infrastructure;

/// <summary>
/// What every experiment shares: the storage method parameter (all four methods; Raw is the baseline every other
/// row is divided by), a scratch directory for its stores (created in setup, deleted in cleanup, never inside the
/// timed body), and the checks that fail a benchmark loudly on a wrong read.
/// </summary>
public abstract class StoreBenchmark
{
    private string? _workDirectory;

    /// <summary>The storage method; experiments about one method only narrow this parameter by overriding it.</summary>
    [Params(StoreKind.Raw, StoreKind.Png, StoreKind.Lmdb, StoreKind.Hdf5)]
    public virtual StoreKind Method { get; set; }

    /// <summary>The benchmark class as written (BenchmarkDotNet runs a generated subclass of it in the child process).</summary>
    protected Type BenchmarkClass
    {
        get
        {
            var type = GetType();
            while (type.Assembly != typeof(StoreBenchmark).Assembly && type.BaseType is not null)
            {
                type = type.BaseType;
            }

            return type;
        }
    }

    /// <summary>The scratch directory of this benchmark case.</summary>
    protected string WorkDirectory => _workDirectory ?? throw new InvalidOperationException("setup has not run");

    /// <summary>Creates the scratch directory (under IMAGESTORAGE_BENCH_WORK or the system temp folder).</summary>
    protected void CreateWorkDirectory()
    {
        _workDirectory = Path.Combine(ScratchSpace.Root, $"{BenchmarkClass.Name}-{Method}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_workDirectory);
    }

    /// <summary>Throws the scratch directory away (see <see cref="ScratchSpace.Discard"/>).</summary>
    protected void DeleteWorkDirectory()
    {
        if (_workDirectory is not null)
        {
            ScratchSpace.Discard(_workDirectory);
        }
    }

    /// <summary>Throws the scratch directory's contents away and leaves it empty, between iterations.</summary>
    protected void EmptyWorkDirectory()
    {
        ScratchSpace.Discard(WorkDirectory);
        Directory.CreateDirectory(WorkDirectory);
    }

    /// <summary>The path of a store named <paramref name="stem"/> in the scratch directory (HDF5 stores get .h5).</summary>
    protected string StorePath(string stem) => Path.Combine(WorkDirectory, ImageStores.DefaultName(Method, stem));

    /// <summary>Records the allocated disk bytes of <paramref name="storePath"/> for this row's Disk column.</summary>
    protected void RecordDiskUsage(string storePath, params (string Name, object Value)[] otherParameters) =>
        DiskUsageRecord.Write(SuiteSettings.Current.SideFilesPath, BenchmarkClass, [("Method", Method), .. otherParameters], DiskUsage.AllocatedBytes(storePath));

    /// <summary>Throws unless <paramref name="actual"/> holds exactly the images and labels of <paramref name="expected"/>.</summary>
    protected void Verify(ImageBatch expected, ImageBatch? actual, string what)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (actual is null || actual.Count != expected.Count || actual.Shape != expected.Shape)
        {
            throw new InvalidOperationException($"{BenchmarkClass.Name} {Method} {what}: read {actual?.Count ?? 0} images of {actual?.Shape}, expected {expected.Count} of {expected.Shape}.");
        }

        for (int i = 0; i < expected.Count; i++)
        {
            if (!expected.Image(i).SequenceEqual(actual.Image(i)) || expected.Labels[i] != actual.Labels[i])
            {
                throw new InvalidOperationException($"{BenchmarkClass.Name} {Method} {what}: image {i} read back differs from the one stored.");
            }
        }
    }
}
