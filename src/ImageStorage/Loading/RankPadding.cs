namespace ImageStorage.Loading;

/// <summary>How an epoch whose image count is not a multiple of the world size is made to split evenly among ranks.</summary>
public enum RankPadding
{
    /// <summary>The epoch's order is extended by repeating it from its start until every rank has ⌈n / worldSize⌉ images: nothing is left out, at most worldSize − 1 images are seen twice.</summary>
    Repeat,

    /// <summary>The last n mod worldSize ids of the epoch's order are left out, so every rank has ⌊n / worldSize⌋ images: nothing is seen twice.</summary>
    Drop,
}
