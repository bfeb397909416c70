using System.Text.Json;
using System.Text.Json.Serialization;
using ImageStorage.ResultsComparer.Reports;

namespace ImageStorage.ResultsComparer.Interleave;

/// <summary>The source-generated System.Text.Json metadata for run.json.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(RunManifest))]
internal sealed partial class RunManifestJsonContext : JsonSerializerContext;

/// <summary>Reads and writes run.json.</summary>
internal static class RunManifestJson
{
    /// <summary>Writes <paramref name="manifest"/> into <paramref name="roundsFolder"/>.</summary>
    public static void Write(string roundsFolder, RunManifest manifest) =>
        File.WriteAllText(Path.Combine(roundsFolder, RunManifest.FileName), JsonSerializer.Serialize(manifest, RunManifestJsonContext.Default.RunManifest));

    /// <summary>Reads the run.json of <paramref name="roundsFolder"/>, or returns null when there is none; a broken one is bad input naming the file.</summary>
    public static RunManifest? TryRead(string roundsFolder)
    {
        string path = Path.Combine(roundsFolder, RunManifest.FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        RunManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(File.ReadAllText(path), RunManifestJsonContext.Default.RunManifest);
        }
        catch (JsonException ex)
        {
            throw new ReportInputException($"'{path}' is not valid JSON: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new ReportInputException($"'{path}' could not be read: {ex.Message}", ex);
        }

        return manifest?.Format == RunManifest.FormatName
            ? manifest
            : throw new ReportInputException($"'{path}' is not the run record of an interleaved run (no \"format\": \"{RunManifest.FormatName}\").");
    }
}
