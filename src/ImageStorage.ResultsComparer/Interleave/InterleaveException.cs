namespace ImageStorage.ResultsComparer.Interleave;

/// <summary>The interleaved run could not produce its reports (an unknown revision, a failed build, a round without reports); the message says where to look.</summary>
internal sealed class InterleaveException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public InterleaveException()
        : base("The interleaved run failed.")
    {
    }

    /// <summary>Creates the exception with a message naming what failed and its log.</summary>
    public InterleaveException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public InterleaveException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
