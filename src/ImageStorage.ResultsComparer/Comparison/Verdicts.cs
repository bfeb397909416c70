namespace ImageStorage.ResultsComparer.Comparison;

/// <summary>The verdict on a benchmark's time, diff against base.</summary>
internal enum TimeVerdict
{
    /// <summary>No difference larger than the threshold and the noise floor.</summary>
    Same,

    /// <summary>The diff is slower by more than the threshold.</summary>
    Slower,

    /// <summary>The diff is faster by more than the threshold.</summary>
    Faster,

    /// <summary>The data cannot tell: too few launches or measurements, no median, or an interval that reaches past the threshold.</summary>
    Unknown,

    /// <summary>The benchmark has no statistics on at least one side.</summary>
    Failed,
}

/// <summary>The verdict on a benchmark's allocated bytes per operation, diff against base.</summary>
internal enum AllocationVerdict
{
    /// <summary>The difference is within the allocation threshold.</summary>
    Same,

    /// <summary>The diff allocates more than the base plus the threshold.</summary>
    Increased,

    /// <summary>The diff allocates less than the base minus the threshold.</summary>
    Decreased,

    /// <summary>At least one side has no allocation data (no MemoryDiagnoser, or a failed run).</summary>
    NotMeasured,

    /// <summary>The sides differ by more than the tolerance but too few launches show whether that is a change or noise.</summary>
    Unknown,
}

/// <summary>What one value of evidence is: a process launch (the default) or an iteration of a single launch.</summary>
internal enum EvidenceUnit
{
    /// <summary>One value per process launch, the median of its iterations; interleaved rounds are paired.</summary>
    Launch,

    /// <summary>One value per iteration of the first launch (the test the comparer had before launches; iterations of one launch are not independent).</summary>
    Iteration,
}

/// <summary>Which sides of a matched benchmark failed.</summary>
internal enum FailureSide
{
    /// <summary>Both sides have statistics.</summary>
    None,

    /// <summary>Only the baseline failed.</summary>
    Base,

    /// <summary>Only the diff failed: the change broke the benchmark.</summary>
    Diff,

    /// <summary>Both sides failed.</summary>
    Both,
}
