using System.Text.Json.Serialization;

namespace ImageStorage.ResultsComparer.Noise;

/// <summary>The source-generated System.Text.Json metadata for the noise file.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(NoiseFile))]
internal sealed partial class NoiseJsonContext : JsonSerializerContext;
