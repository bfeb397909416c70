namespace ImageStorage.Benchmarks.Running;

/// <summary>The suite's exit codes, for CI.</summary>
public static class ExitCodes
{
    /// <summary>Everything selected ran and read back what it stored.</summary>
    public const int Success = 0;

    /// <summary>A benchmark failed: no result, or a read that differed from what was stored.</summary>
    public const int BenchmarkFailed = 1;

    /// <summary>The command line, the data set or the artifacts folder was unusable; nothing was measured.</summary>
    public const int BadInput = 2;
}
