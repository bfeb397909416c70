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

    /// <summary>The storage methods every experiment compares: each <see cref="StoreKind"/> at a local path, Raw (the baseline) first (the S3 kinds need a service).</summary>
    public static IEnumerable<StoreKind> Methods => Enum.GetValues<StoreKind>().Where(k => !ImageStores.IsObjectStorage(k)).OrderBy(k => k != StoreKind.Raw);

    /// <summary>The counts of the article's many-image experiments in this run (its five, <c>--counts</c>, or the smoke counts).</summary>
    public static IEnumerable<int> RunCounts => SuiteSettings.Current.Counts;

    /// <summary>The run's largest count, alone.</summary>
    public static IEnumerable<int> LargestCount => [SuiteSettings.Current.Counts.Max()];

    /// <summary>One count for the questions beyond the article and the training epochs: <see cref="SuiteSettings.QuestionCount"/> (the run's largest, capped at 10,000, unless <c>--question-count</c> says).</summary>
    public static IEnumerable<int> QuestionCount => [SuiteSettings.Current.QuestionCount];

    /// <summary>The run's largest count, and at most 10,000 for PNG (it decodes every image, ~40 µs each).</summary>
    public static IEnumerable<int> LargestButPngCapped => PngCapped(SuiteSettings.Current.Counts.Max(), SuiteSettings.QuestionCountCap);

    /// <summary>The questions' count, and at most 1,000 for PNG (a 1,000-image PNG epoch decodes for ~40 ms).</summary>
    public static IEnumerable<int> QuestionButPngCapped => PngCapped(SuiteSettings.Current.QuestionCount, EncodingCap);

    /// <summary>For questions that encode PNG in every operation (~150 µs an image): the questions' count, at most 1,000.</summary>
    public static IEnumerable<int> EncodingQuestionCount => [Math.Min(EncodingCap, SuiteSettings.Current.QuestionCount)];

    /// <summary>The most images a PNG-coding case of the questions handles: keeps <c>--filter '*'</c> within half an hour.</summary>
    public const int EncodingCap = 1_000;

    /// <summary>The cases of <see cref="LargestButPngCapped"/> that exist: PNG at its cap, every other method at the largest count.</summary>
    public static bool IsLargestButPngCapped(ParameterInstances parameters) => IsPngCappedCase(parameters, SuiteSettings.Current.Counts.Max(), SuiteSettings.QuestionCountCap);

    /// <summary>The cases of <see cref="QuestionButPngCapped"/> that exist: PNG at its cap, every other method at the questions' count.</summary>
    public static bool IsQuestionButPngCapped(ParameterInstances parameters) => IsPngCappedCase(parameters, SuiteSettings.Current.QuestionCount, EncodingCap);

    /// <summary>Reader threads for the parallel questions: 1, 2 and 4, as far as the machine has cores (more threads than cores time the scheduler).</summary>
    public static IEnumerable<int> ReaderThreads => ThreadChoices.Where(t => t <= Math.Max(2, Environment.ProcessorCount));

    private static readonly int[] ThreadChoices = [1, 2, 4];

    private static int[] PngCapped(int count, int cap) => [.. new[] { count, Math.Min(count, cap) }.Distinct()];

    private static bool IsPngCappedCase(ParameterInstances parameters, int count, int cap)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        bool png = (StoreKind)parameters[nameof(Method)] == StoreKind.Png;
        return (int)parameters["Count"] == (png ? Math.Min(count, cap) : count);
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
