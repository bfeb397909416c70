namespace ImageStorage;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood): a tiny seedable generator whose sequence is fixed by its definition, so the
/// synthetic images and the k-fold assignment are the same on every machine and .NET version (System.Random's are not promised).
/// </summary>
internal struct SplitMix64(ulong state)
{
    private ulong _state = state;

    /// <summary>The next 64 random bits.</summary>
    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="bound"/>), by rejection sampling so that no remainder is more likely than another.</summary>
    public ulong NextBelow(ulong bound)
    {
        ulong threshold = (0 - bound) % bound;
        while (true)
        {
            ulong r = Next();
            if (r >= threshold)
            {
                return r % bound;
            }
        }
    }
}
