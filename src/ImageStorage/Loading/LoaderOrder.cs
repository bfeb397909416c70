namespace ImageStorage.Loading;

/// <summary>The order in which a <see cref="BatchLoader"/> visits a store's images in each epoch.</summary>
public enum LoaderOrder
{
    /// <summary>Ids 0, 1, 2, … every epoch: every batch is one contiguous range.</summary>
    Sequential,

    /// <summary>A fresh uniformly random permutation of the ids every epoch.</summary>
    Random,

    /// <summary>
    /// Blocks of <see cref="LoaderOptions.BlockSize"/> contiguous ids in a fresh random order every epoch, then the
    /// ids shuffled inside windows of <see cref="LoaderOptions.ShuffleWindow"/>: nearly random, but reads stay
    /// within a few contiguous regions at a time, which matters when the data set is not in memory.
    /// </summary>
    BlockRandom,
}
