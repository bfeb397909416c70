using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageStorage.Benchmarks.Reports;

/// <summary>
/// A run's <c>run.json</c>: where, when and how it ran (machine, commit, job, data set, selection) and every result
/// row. Written when the run starts (so a run that dies is still listed) and again when it ends; the run's page and
/// charts are drawn from it alone, so <c>--redraw</c> can draw them again.
/// </summary>
public sealed record RunRecord
{
    /// <summary>The file name inside a run folder.</summary>
    public const string FileName = "run.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The run folder's name: UTC start time and short commit.</summary>
    public required string Id { get; init; }

    /// <summary>When the run started.</summary>
    public required DateTimeOffset Started { get; init; }

    /// <summary>When it ended; null while it runs, or if it died.</summary>
    public DateTimeOffset? Finished { get; init; }

    /// <summary>The commit the suite was built from, if the folder is a git clone.</summary>
    public string? Commit { get; init; }

    /// <summary>The branch, if any.</summary>
    public string? Branch { get; init; }

    /// <summary>True if tracked files differed from the commit.</summary>
    public bool? Dirty { get; init; }

    /// <summary>The machine: processor, cores, memory, operating system, .NET and BenchmarkDotNet.</summary>
    public required MachineRecord Machine { get; init; }

    /// <summary>The job every case ran with, as BenchmarkDotNet was given it.</summary>
    public required JobRecord Job { get; init; }

    /// <summary>True for a smoke run (each benchmark once, tiny counts): proof that it runs, not a measurement.</summary>
    public required bool Smoke { get; init; }

    /// <summary>The data set, in words.</summary>
    public required string Dataset { get; init; }

    /// <summary>The image counts of the many-image experiments.</summary>
    public required IReadOnlyList<int> Counts { get; init; }

    /// <summary>The --filter globs (or other selection switches) that chose the benchmarks.</summary>
    public required IReadOnlyList<string> Selection { get; init; }

    /// <summary>The command line, as given.</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>Benchmark cases selected.</summary>
    public required int Cases { get; init; }

    /// <summary>Cases that failed (no result, or a wrong read); null until the run ends.</summary>
    public int? Failed { get; init; }

    /// <summary>Every measured case.</summary>
    public IReadOnlyList<ResultRow> Results { get; init; } = [];

    /// <summary>The run's wall-clock time, once it has ended.</summary>
    [JsonIgnore]
    public TimeSpan? Duration => Finished - Started;

    /// <summary>Writes the record into <paramref name="folder"/>, replacing any earlier one in one step.</summary>
    public void Save(string folder)
    {
        string path = Path.Combine(folder, FileName);
        string temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, Json));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads the record of the run folder <paramref name="folder"/>.</summary>
    public static RunRecord Load(string folder)
    {
        string path = Path.Combine(folder, FileName);
        try
        {
            return JsonSerializer.Deserialize<RunRecord>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path}: empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a run record ({e.Message}).", e);
        }
    }
}

/// <summary>The machine a run ran on.</summary>
/// <param name="Processor">The processor, as BenchmarkDotNet names it.</param>
/// <param name="Cores">Logical cores.</param>
/// <param name="MemoryBytes">Memory available to the process.</param>
/// <param name="OperatingSystem">The operating system (and hypervisor), as BenchmarkDotNet names it.</param>
/// <param name="Runtime">The .NET runtime.</param>
/// <param name="BenchmarkDotNet">BenchmarkDotNet's version.</param>
public sealed record MachineRecord(string Processor, int Cores, long MemoryBytes, string OperatingSystem, string Runtime, string BenchmarkDotNet);

/// <summary>A BenchmarkDotNet job.</summary>
/// <param name="Id">Its id (Suite, Smoke, …).</param>
/// <param name="Settings">Every run characteristic it sets (WarmupCount, IterationCount, LaunchCount, …), name → value.</param>
public sealed record JobRecord(string Id, IReadOnlyDictionary<string, string> Settings);
