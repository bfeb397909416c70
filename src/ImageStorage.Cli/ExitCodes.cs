namespace ImageStorage.Cli;

/// <summary>The tool's exit codes, as its help text documents them.</summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Success = 0;

    /// <summary>verify found images that are damaged.</summary>
    public const int BadImages = 1;

    /// <summary>Bad input: a bad option, a missing or unreadable source, a destination that exists, an image that does not decode.</summary>
    public const int BadInput = 2;

    /// <summary>Interrupted (Ctrl-C / SIGINT, SIGTERM): nothing was published at the destination.</summary>
    public const int Interrupted = 130;
}
