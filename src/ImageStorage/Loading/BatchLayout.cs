namespace ImageStorage.Loading;

/// <summary>How a loaded batch lays out its images in memory.</summary>
public enum BatchLayout
{
    /// <summary>N × H × W × C bytes, as the stores hold them.</summary>
    NhwcUInt8,

    /// <summary>N × C × H × W bytes: one plane per channel, the layout convolution layers take.</summary>
    NchwUInt8,

    /// <summary>N × C × H × W floats, each (pixel / 255 − mean[c]) / std[c] (see <see cref="ChannelNormalization"/>).</summary>
    NchwFloat32,
}
