using Perfolizer.Mathematics.Multimodality;
using Pragmastat;

namespace ImageStorage.ResultsComparer.Comparison;

/// <summary>Names the modality of the two samples with Perfolizer's lowland modality detector, so a bimodal benchmark's median is read with care.</summary>
internal static class ModalityDescriber
{
    /// <summary>The smallest sample the detector is asked about; below it the histogram says nothing.</summary>
    public const int MinimumSampleSize = 12;

    /// <summary>Describes both sides, e.g. "bimodal (diff)", or returns null when both are unimodal or too small to tell.</summary>
    public static string? Describe(IReadOnlyList<double> baseSample, IReadOnlyList<double> diffSample)
    {
        string? baseName = Name(baseSample);
        string? diffName = Name(diffSample);
        return (baseName, diffName) switch
        {
            (null, null) => null,
            (_, null) => $"{baseName} (base)",
            (null, _) => $"{diffName} (diff)",
            _ when baseName == diffName => $"{baseName} (both)",
            _ => $"{baseName} (base), {diffName} (diff)",
        };
    }

    /// <summary>Names one sample's modality ("bimodal", "trimodal", "multimodal (4)"), or returns null when it is unimodal or too small.</summary>
    public static string? Name(IReadOnlyList<double> sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.Count < MinimumSampleSize || sample.Max() - sample.Min() < 1e-9)
        {
            return null;
        }

        int modality = LowlandModalityDetector.Instance.DetectModes(new Sample([.. sample])).Modality;
        return modality switch
        {
            <= 1 => null,
            2 => "bimodal",
            3 => "trimodal",
            _ => $"multimodal ({modality})",
        };
    }
}
