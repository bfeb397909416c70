namespace ImageStorage.Loading;

/// <summary>What a <see cref="BatchLoader"/> yields: batch size, epochs, order and seed, this process's rank, read-ahead and layout.</summary>
public sealed record LoaderOptions
{
    /// <summary>Images per batch.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Epochs to run; each visits this rank's share of every image once.</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>True to leave out each epoch's last batch when it would be short; false to yield it short.</summary>
    public bool DropLast { get; init; }

    /// <summary>The order of each epoch.</summary>
    public LoaderOrder Order { get; init; } = LoaderOrder.Sequential;

    /// <summary>The seed of every epoch's order: the same seed gives the same batches on every machine.</summary>
    public ulong Seed { get; init; }

    /// <summary>For <see cref="LoaderOrder.BlockRandom"/>: contiguous ids per block.</summary>
    public int BlockSize { get; init; } = 64;

    /// <summary>For <see cref="LoaderOrder.BlockRandom"/>: ids shuffled together (the bounded buffer); by default one batch, so every batch is whole blocks.</summary>
    public int? ShuffleWindow { get; init; }

    /// <summary>This process's rank among <see cref="WorldSize"/> processes training together.</summary>
    public int Rank { get; init; }

    /// <summary>Number of processes training together; each gets a disjoint share of every epoch.</summary>
    public int WorldSize { get; init; } = 1;

    /// <summary>How an epoch is made to split evenly among ranks.</summary>
    public RankPadding RankPadding { get; init; } = RankPadding.Repeat;

    /// <summary>Batches read ahead on background threads; 0 reads each batch on the caller's thread when it is asked for.</summary>
    public int Prefetch { get; init; } = 4;

    /// <summary>Background threads reading batches; by default as many as there are cores, at most <see cref="Prefetch"/>.</summary>
    public int? Workers { get; init; }

    /// <summary>The memory layout of the images in each batch.</summary>
    public BatchLayout Layout { get; init; } = BatchLayout.NhwcUInt8;

    /// <summary>For <see cref="BatchLayout.NchwFloat32"/>: the per-channel mean and deviation; by default pixel / 255.</summary>
    public ChannelNormalization? Normalization { get; init; }

    /// <summary>The number of background threads these options give.</summary>
    internal int WorkerCount => Prefetch == 0 ? 0 : Math.Min(Workers ?? Environment.ProcessorCount, Prefetch);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option that cannot work for images of <paramref name="shape"/>.</summary>
    internal void Validate(ImageShape shape)
    {
        Require(BatchSize >= 1, $"BatchSize must be at least 1, not {BatchSize}.");
        Require(Epochs >= 1, $"Epochs must be at least 1, not {Epochs}.");
        Require(BlockSize >= 1, $"BlockSize must be at least 1, not {BlockSize}.");
        Require(ShuffleWindow is null or >= 1, $"ShuffleWindow must be at least 1, not {ShuffleWindow}.");
        Require(WorldSize >= 1, $"WorldSize must be at least 1, not {WorldSize}.");
        Require(Rank >= 0 && Rank < WorldSize, $"Rank must be 0..{WorldSize - 1} for a world of {WorldSize}, not {Rank}.");
        Require(Prefetch >= 0, $"Prefetch must be 0 or more, not {Prefetch}.");
        Require(Workers is null or >= 1, $"Workers must be at least 1, not {Workers}.");
        Require(Enum.IsDefined(Order), $"Unknown order {Order}.");
        Require(Enum.IsDefined(RankPadding), $"Unknown rank padding {RankPadding}.");
        Require(Enum.IsDefined(Layout), $"Unknown layout {Layout}.");
        Require(Normalization is null || Layout == BatchLayout.NchwFloat32, $"A normalization applies to the NchwFloat32 layout only, not {Layout}.");
        Require(Normalization is null || Normalization.Channels == shape.Channels, $"The normalization is for {Normalization?.Channels} channels; the store's images ({shape}) have {shape.Channels}.");
        Require((long)BatchSize * shape.ByteCount <= Array.MaxLength, $"A batch of {BatchSize} images of shape {shape} does not fit one buffer.");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
