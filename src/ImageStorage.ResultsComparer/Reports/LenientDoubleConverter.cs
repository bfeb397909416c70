using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageStorage.ResultsComparer.Reports;

/// <summary>Reads numbers as BenchmarkDotNet writes them: plain numbers, or strings where NaN becomes "" (e.g. a Skewness of one value).</summary>
internal sealed class LenientDoubleConverter : JsonConverter<double>
{
    /// <summary>Reads a number, a numeric string, or an empty string as NaN.</summary>
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.GetDouble();
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            string text = reader.GetString() ?? string.Empty;
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : double.NaN;
        }

        throw new JsonException($"Expected a number, found {reader.TokenType}.");
    }

    /// <summary>Writes the number as is.</summary>
    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value);
    }
}
