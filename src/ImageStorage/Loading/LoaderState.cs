using System.Text.Json;

namespace ImageStorage.Loading;

/// <summary>
/// Where a loader is: its seed, the epoch it is in, and how many of that epoch's batches it has handed out. A loader
/// created from it (with the same options over the same store) yields exactly the batches that remained.
/// </summary>
/// <param name="Seed">The seed of the run's orders.</param>
/// <param name="Epoch">The epoch of the next batch.</param>
/// <param name="BatchesConsumed">Batches of that epoch already handed out.</param>
public sealed record LoaderState(ulong Seed, int Epoch, int BatchesConsumed)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The state as a small JSON object, to keep next to a checkpoint.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a state written by <see cref="ToJson"/>; throws <see cref="FormatException"/> for anything else.</summary>
    public static LoaderState FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        LoaderState? state;
        try
        {
            state = JsonSerializer.Deserialize<LoaderState>(json, Json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"Not a loader state: {e.Message}", e);
        }

        if (state is null || state.Epoch < 0 || state.BatchesConsumed < 0)
        {
            throw new FormatException($"Not a loader state (epoch and batches consumed must not be negative): {json}");
        }

        return state;
    }
}
