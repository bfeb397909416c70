namespace ImageStorage;

/// <summary>The shape of one image: height × width × channels, stored interleaved (HWC), one byte per sample.</summary>
/// <param name="Height">Rows of pixels.</param>
/// <param name="Width">Pixels per row.</param>
/// <param name="Channels">Samples per pixel: 1 (grayscale) or 3 (RGB).</param>
public readonly record struct ImageShape(int Height, int Width, int Channels)
{
    /// <summary>The largest height or width a store accepts (PNG and the LMDB record header both allow it).</summary>
    public const int MaxSide = 65535;

    /// <summary>The 32×32×3 shape of CIFAR-10 images.</summary>
    public static ImageShape Cifar10 { get; } = new(32, 32, 3);

    /// <summary>Bytes one image occupies: Height × Width × Channels.</summary>
    public int ByteCount => Height * Width * Channels;

    /// <summary>Throws <see cref="ArgumentException"/> unless the shape is one the stores can hold.</summary>
    public void Validate()
    {
        if (Height is < 1 or > MaxSide || Width is < 1 or > MaxSide)
        {
            throw new ArgumentException($"Image shape {this} is invalid: height and width must be 1..{MaxSide}.");
        }

        if (Channels is not (1 or 3))
        {
            throw new ArgumentException($"Image shape {this} is invalid: channels must be 1 or 3.");
        }

        if ((long)Height * Width * Channels > int.MaxValue / 2)
        {
            throw new ArgumentException($"Image shape {this} is too large for one image.");
        }
    }

    /// <summary>Like <see cref="Validate"/>, for a shape read from a store: a bad one means the store at <paramref name="path"/> is corrupt.</summary>
    internal ImageShape ValidateStored(string path)
    {
        try
        {
            Validate();
            return this;
        }
        catch (ArgumentException e)
        {
            throw new CorruptStoreException(path, e.Message, e);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Height}x{Width}x{Channels}";
}
