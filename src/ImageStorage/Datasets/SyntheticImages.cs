namespace ImageStorage.Datasets;

/// <summary>
/// A deterministic stand-in for CIFAR-10: seeded images with the statistics of natural photographs (smooth shaded
/// regions, anti-aliased object edges, mild sensor-like texture), not white noise, so PNG sizes and codec times are
/// realistic. Image <c>i</c> depends only on the seed and <c>i</c>, never on how many images are asked for.
/// </summary>
public static class SyntheticImages
{
    /// <summary>The seed used when none is given.</summary>
    public const ulong DefaultSeed = 20191212;

    /// <summary>Changes whenever the images drawn for a seed change, so caches of them know they are stale.</summary>
    public const int GeneratorVersion = 1;

    /// <summary>Labels are 0..9, as in CIFAR-10.</summary>
    public const int ClassCount = 10;

    /// <summary>Generates <paramref name="count"/> images of <paramref name="shape"/> (in parallel; the result does not depend on it).</summary>
    public static ImageBatch Generate(int count, ImageShape shape, ulong seed = DefaultSeed)
    {
        var batch = ImageBatch.Allocate(shape, count);
        Parallel.For(0, count, i => batch.Labels[i] = Draw(batch.Image(i), shape, seed, i));
        return batch;
    }

    /// <summary>Generates <paramref name="count"/> CIFAR-shaped (32×32×3) images.</summary>
    public static ImageBatch Generate(int count, ulong seed = DefaultSeed) => Generate(count, ImageShape.Cifar10, seed);

    /// <summary>Draws image <paramref name="index"/> into <paramref name="pixels"/> and returns its label.</summary>
    public static int Draw(Span<byte> pixels, ImageShape shape, ulong seed, int index)
    {
        var rng = new SplitMix64(seed ^ (0x9E3779B97F4A7C15UL * (ulong)(index + 1)));
        int label = (int)(rng.Next() % ClassCount);
        int h = shape.Height, w = shape.Width;
        var scratch = new float[h * w * 3];

        // Background: a two-colour gradient with a slow wave, like sky, wall or ground.
        Span<float> c0 = stackalloc float[3];
        Span<float> c1 = stackalloc float[3];
        RandomColor(ref rng, c0);
        RandomColor(ref rng, c1);
        double angle = rng.NextDouble() * Math.PI * 2;
        float dx = (float)Math.Cos(angle), dy = (float)Math.Sin(angle);
        float waveFx = (float)(rng.NextDouble() * 6), waveFy = (float)(rng.NextDouble() * 6), wavePhase = (float)(rng.NextDouble() * 6.28);
        float waveAmp = (float)(rng.NextDouble() * 14);
        for (int y = 0; y < h; y++)
        {
            float v = (y + 0.5f) / h;
            for (int x = 0; x < w; x++)
            {
                float u = (x + 0.5f) / w;
                float t = Math.Clamp((((u - 0.5f) * dx) + ((v - 0.5f) * dy)) + 0.5f, 0, 1);
                float wave = waveAmp * MathF.Sin((waveFx * u) + (waveFy * v) + wavePhase);
                int o = ((y * w) + x) * 3;
                for (int c = 0; c < 3; c++)
                {
                    scratch[o + c] = c0[c] + ((c1[c] - c0[c]) * t) + wave;
                }
            }
        }

        // Objects: shaded ellipses and rectangles with anti-aliased borders; the class tints the main object.
        int objects = 1 + (int)(rng.Next() % 4);
        Span<float> color = stackalloc float[3];
        for (int k = 0; k < objects; k++)
        {
            RandomColor(ref rng, color);
            if (k == 0)
            {
                color[label % 3] = Math.Min(255, color[label % 3] + 40);
            }

            bool ellipse = rng.Next() % 3 != 0;
            float cx = (float)(0.15 + (rng.NextDouble() * 0.7)), cy = (float)(0.15 + (rng.NextDouble() * 0.7));
            float rx = (float)(0.08 + (rng.NextDouble() * 0.3)), ry = (float)(0.08 + (rng.NextDouble() * 0.3));
            float shade = (float)((rng.NextDouble() * 60) - 30);
            float edgeWidth = 1.2f / Math.Min(h, w);
            for (int y = 0; y < h; y++)
            {
                float v = (y + 0.5f) / h;
                for (int x = 0; x < w; x++)
                {
                    float u = (x + 0.5f) / w;
                    float nx = (u - cx) / rx, ny = (v - cy) / ry;
                    float distance = ellipse
                        ? (MathF.Sqrt((nx * nx) + (ny * ny)) - 1) * Math.Min(rx, ry)
                        : (Math.Max(Math.Abs(nx), Math.Abs(ny)) - 1) * Math.Min(rx, ry);
                    float coverage = Math.Clamp(0.5f - (distance / edgeWidth), 0, 1);
                    if (coverage <= 0)
                    {
                        continue;
                    }

                    float light = shade * (ny - nx) * 0.5f;
                    int o = ((y * w) + x) * 3;
                    for (int c = 0; c < 3; c++)
                    {
                        scratch[o + c] += coverage * (color[c] + light - scratch[o + c]);
                    }
                }
            }
        }

        // Texture: small correlated noise, as sensors and surfaces give.
        float grain = (float)(1.5 + (rng.NextDouble() * 3.5));
        for (int p = 0; p < h * w; p++)
        {
            float common = grain * (float)(rng.NextDouble() + rng.NextDouble() - 1);
            for (int c = 0; c < 3; c++)
            {
                float value = scratch[(p * 3) + c] + common;
                scratch[(p * 3) + c] = value;
            }
        }

        if (shape.Channels == 3)
        {
            for (int i = 0; i < scratch.Length; i++)
            {
                pixels[i] = ToByte(scratch[i]);
            }
        }
        else
        {
            for (int p = 0; p < h * w; p++)
            {
                pixels[p] = ToByte((0.299f * scratch[p * 3]) + (0.587f * scratch[(p * 3) + 1]) + (0.114f * scratch[(p * 3) + 2]));
            }
        }

        return label;
    }

    private static byte ToByte(float value) => (byte)Math.Clamp((int)MathF.Round(value), 0, 255);

    private static void RandomColor(ref SplitMix64 rng, Span<float> color)
    {
        for (int c = 0; c < 3; c++)
        {
            color[c] = (float)(20 + (rng.NextDouble() * 215));
        }
    }
}
