using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Parameters;
using ImageStorage.IO;

namespace ImageStorage.Benchmarks.Infrastructure;

/// <summary>
/// What every experiment shares: the storage method parameter (every kind the library implements; Raw is the baseline
/// every other row is divided by), the image counts a run offers, a scratch directory for its stores (never touched
/// inside the timed body), and one cleanup that checks, closes and throws everything away.
/// </summary>
public abstract class StoreBenchmark
{
    private readonly List<IDisposable> _held = [];
    private string? _workDirectory;
    private int _freshStores;

    /// <summary>The storage methods every experiment compares: each <see cref="StoreKind"/>, Raw (the baseline) first.</summary>
    public static IEnumerable<StoreKind> Methods => Enum.GetValues<StoreKind>().OrderBy(k => k != StoreKind.Raw);

    /// <summary>The counts of the article's many-image experiments in this run (its five, <c>--counts</c>, or the smoke counts).</summary>
    public static IEnumerable<int> RunCounts => SuiteSettings.Current.Counts;

    /// <summary>The run's largest count, alone.</summary>
    public static IEnumerable<int> LargestCount => [SuiteSettings.Current.Counts.Max()];

    /// <summary>One count for the questions beyond the article: the run's largest, capped at 10,000 so that an operation stays under a second even for PNG.</summary>
    public static IEnumerable<int> QuestionCount => [Math.Min(10_000, SuiteSettings.Current.Counts.Max())];

    /// <summary>The run's largest count, and the questions' count for PNG (it decodes every image, ~40 µs each).</summary>
    public static IEnumerable<int> LargestButPngAtQuestionCount => LargestCount.Concat(QuestionCount).Distinct();

    /// <summary>The cases of <see cref="LargestButPngAtQuestionCount"/> that exist: PNG at the questions' count, every other method at the largest.</summary>
    public static bool IsLargestButPngAtQuestionCount(ParameterInstances parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        int count = (int)parameters["Count"];
        return count == ((StoreKind)parameters[nameof(Method)] == StoreKind.Png ? QuestionCount : LargestCount).Single();
    }

    /// <summary>The storage method; experiments about some methods only narrow it (an override, or <see cref="ValidCasesAttribute"/>).</summary>
    [ParamsSource(nameof(Methods))]
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

    /// <summary>The scratch directory of this benchmark case (under IMAGESTORAGE_BENCH_WORK or the system temp folder), created on first use.</summary>
    protected string WorkDirectory
    {
        get
        {
            if (_workDirectory is null)
            {
                _workDirectory = Path.Combine(ScratchSpace.Root, $"{BenchmarkClass.Name}-{Method}-{Guid.NewGuid():N}");
                Directory.CreateDirectory(_workDirectory);
            }

            return _workDirectory;
        }
    }

    /// <summary>Checks the last read (where there is one), closes what <see cref="Hold"/> kept open and throws the scratch directory away.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        try
        {
            CheckLastRead();
        }
        finally
        {
            _held.ForEach(d => d.Dispose());
            if (_workDirectory is not null)
            {
                ScratchSpace.Discard(_workDirectory);
            }

            ScratchSpace.EmptyTrashIfShortOfRoom();
        }
    }

    /// <summary>Called first at cleanup: read benchmarks check their last result here.</summary>
    protected virtual void CheckLastRead()
    {
    }

    /// <summary>Keeps <paramref name="resource"/> (an open store) until cleanup, which disposes it.</summary>
    protected T Hold<T>(T resource)
        where T : IDisposable
    {
        _held.Add(resource);
        return resource;
    }

    /// <summary>The path of a store named <paramref name="stem"/> in the scratch directory (HDF5 stores get .h5).</summary>
    protected string StorePath(string stem) => Path.Combine(WorkDirectory, ImageStores.DefaultName(Method, stem));

    /// <summary>Writes <paramref name="images"/> as a new store of its own in the scratch directory: the body of a store benchmark.</summary>
    protected void WriteFreshStore(ImageBatch images, StoreOptions options) =>
        ImageStores.Write(Method, StorePath("fresh-" + _freshStores++), images, options);

    /// <summary>Throws away the stores <see cref="WriteFreshStore"/> wrote, between iterations (outside the timed body).</summary>
    protected void DiscardFreshStores()
    {
        for (; _freshStores > 0; _freshStores--)
        {
            ScratchSpace.Discard(StorePath("fresh-" + (_freshStores - 1)));
        }
    }

    /// <summary>Records the allocated disk bytes of <paramref name="storePath"/> for this case's Disk column (keyed by every parameter of the case).</summary>
    protected void RecordDiskUsage(string storePath) =>
        DiskUsageRecord.Write(SuiteSettings.Current.SideFilesPath, BenchmarkClass, Parameters(), DiskUsage.AllocatedBytes(storePath));

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

    /// <summary>The case's parameters as BenchmarkDotNet sets them, so the host finds a side file under the same key.</summary>
    protected IEnumerable<(string Name, object Value)> Parameters() =>
        GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.IsDefined(typeof(ParamsAttribute)) || p.IsDefined(typeof(ParamsSourceAttribute)))
            .Select(p => (p.Name, p.GetValue(this)!));
}
