using System.Text.Json.Serialization;

namespace ImageStorage.ResultsComparer.Reports;

/// <summary>The source-generated System.Text.Json metadata for the report contracts.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, Converters = [typeof(LenientDoubleConverter)])]
[JsonSerializable(typeof(BdnReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
