namespace ImageStorage.ResultsComparer;

/// <summary>The process exit codes, as documented in <c>--help</c> and the README.</summary>
internal static class ExitCodes
{
    /// <summary>No regression, or regressions without <c>--fail-on-regression</c>.</summary>
    public const int Success = 0;

    /// <summary>At least one regression was found and <c>--fail-on-regression</c> was given; or no benchmark got a time verdict and <c>--fail-on-unknown</c> was given.</summary>
    public const int Regression = 1;

    /// <summary>Bad input: a bad option, a missing path, no reports, a malformed report or noise file, two sides without a benchmark in common; for interleave also an unknown revision, a failed build or a round without reports.</summary>
    public const int BadInput = 2;
}
