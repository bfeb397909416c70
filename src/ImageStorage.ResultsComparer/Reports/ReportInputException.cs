namespace ImageStorage.ResultsComparer.Reports;

/// <summary>Bad input for the comparer (a missing path, no reports, a malformed report); the message names the path and becomes exit code 2.</summary>
internal sealed class ReportInputException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public ReportInputException()
        : base("The benchmark reports could not be read.")
    {
    }

    /// <summary>Creates the exception with a message naming the path.</summary>
    public ReportInputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message naming the path and the error that caused it.</summary>
    public ReportInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
