using System.Globalization;

namespace ImageStorage.Loading;

/// <summary>
/// Per-channel mean and standard deviation on the 0..1 scale of pixel / 255 (torchvision's convention): a float
/// layout holds (pixel / 255 − mean[c]) / std[c].
/// </summary>
public sealed class ChannelNormalization
{
    /// <summary>Creates a normalization with one mean and one standard deviation per channel.</summary>
    public ChannelNormalization(IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count == 0 || mean.Count != std.Count)
        {
            throw new ArgumentException($"A normalization needs one mean and one standard deviation per channel, not {mean.Count} means and {std.Count} deviations.", nameof(std));
        }

        for (int c = 0; c < std.Count; c++)
        {
            if (!(std[c] > 0) || !float.IsFinite(std[c]) || !float.IsFinite(mean[c]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Channel {c}: the mean must be finite and the standard deviation positive, not mean {mean[c]}, std {std[c]}."), nameof(std));
            }
        }

        Mean = [.. mean];
        Std = [.. std];
        Scale = new float[mean.Count];
        Bias = new float[mean.Count];
        for (int c = 0; c < mean.Count; c++)
        {
            // (p / 255 − mean) / std as one multiply-add per sample: p × scale + bias.
            Scale[c] = 1f / (255f * std[c]);
            Bias[c] = -mean[c] / std[c];
        }
    }

    /// <summary>The mean of each channel, on the 0..1 scale.</summary>
    public IReadOnlyList<float> Mean { get; }

    /// <summary>The standard deviation of each channel, on the 0..1 scale.</summary>
    public IReadOnlyList<float> Std { get; }

    /// <summary>Number of channels this normalization is for.</summary>
    public int Channels => Mean.Count;

    /// <summary>Pixel / 255 and nothing else: mean 0 and standard deviation 1 for each of <paramref name="channels"/> channels.</summary>
    public static ChannelNormalization UnitScale(int channels) => channels switch
    {
        1 => UnitGray,
        3 => UnitColor,
        _ => new(Enumerable.Repeat(0f, channels).ToArray(), Enumerable.Repeat(1f, channels).ToArray()),
    };

    // The two shapes stores hold, made once: converting without a normalization allocates nothing.
    private static readonly ChannelNormalization UnitGray = new([0f], [1f]);
    private static readonly ChannelNormalization UnitColor = new([0f, 0f, 0f], [1f, 1f, 1f]);

    /// <summary>The multiplier of each channel's byte value.</summary>
    internal float[] Scale { get; }

    /// <summary>The offset added to each channel's scaled value.</summary>
    internal float[] Bias { get; }
}
