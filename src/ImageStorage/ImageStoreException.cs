namespace ImageStorage;

/// <summary>The base of every error the library reports about a store; the message names the store path and, where one is involved, the image id.</summary>
public class ImageStoreException : Exception
{
    /// <summary>Creates the exception for a store at <paramref name="path"/>.</summary>
    public ImageStoreException(string path, string message, Exception? inner = null)
        : base($"{path}: {message}", inner)
    {
        StorePath = path;
        Reason = message;
    }

    /// <summary>Creates the exception for image <paramref name="id"/> of the store at <paramref name="path"/>.</summary>
    public ImageStoreException(string path, int id, string message, Exception? inner = null)
        : base($"{path}: image {id}: {message}", inner)
    {
        StorePath = path;
        ImageId = id;
        Reason = message;
    }

    /// <summary>The file or directory of the store (or data file) concerned.</summary>
    public string StorePath { get; }

    /// <summary>The image id concerned, if any.</summary>
    public int? ImageId { get; }

    /// <summary>What went wrong, without the path and id that <see cref="Exception.Message"/> starts with.</summary>
    public string Reason { get; }
}

/// <summary>An image id that is negative or not below the store's count.</summary>
public sealed class ImageIdOutOfRangeException : ImageStoreException
{
    /// <summary>Creates the exception.</summary>
    public ImageIdOutOfRangeException(string path, int id, int count)
        : base(path, id, $"id out of range: the store holds ids 0..{count - 1} ({count} images).")
    {
    }
}

/// <summary>An id within the store's range whose image is missing (a deleted file, an absent key).</summary>
public sealed class ImageNotFoundException : ImageStoreException
{
    /// <summary>Creates the exception.</summary>
    public ImageNotFoundException(string path, int id, string detail)
        : base(path, id, $"image missing: {detail}")
    {
    }
}

/// <summary>Stored data that cannot be what the store says it is: truncated, corrupt, wrong shape or bad header.</summary>
public sealed class CorruptStoreException : ImageStoreException
{
    /// <summary>Creates the exception for the store as a whole.</summary>
    public CorruptStoreException(string path, string message, Exception? inner = null)
        : base(path, message, inner)
    {
    }

    /// <summary>Creates the exception for one image.</summary>
    public CorruptStoreException(string path, int id, string message, Exception? inner = null)
        : base(path, id, message, inner)
    {
    }
}

/// <summary>A store that was replaced or deleted by a writer while it was open for reading; open it again to read the new one.</summary>
public sealed class StoreReplacedException : ImageStoreException
{
    /// <summary>Creates the exception for image <paramref name="id"/>.</summary>
    public StoreReplacedException(string path, int id, string detail)
        : base(path, id, $"the store was replaced or deleted while open ({detail}); open it again.")
    {
    }

    /// <summary>Creates the exception for the store as a whole.</summary>
    public StoreReplacedException(string path, string detail)
        : base(path, $"the store was replaced or deleted while it was being opened ({detail}); open it again.")
    {
    }
}

/// <summary>A store in a format version this library does not read (older or newer than it knows, or another LMDB's data format).</summary>
public sealed class UnsupportedFormatException : ImageStoreException
{
    /// <summary>Creates the exception.</summary>
    public UnsupportedFormatException(string path, string message, Exception? inner = null)
        : base(path, message, inner)
    {
    }
}

/// <summary>A path that is not a store of the kind asked for (or not a store at all).</summary>
public sealed class NotAStoreException : ImageStoreException
{
    /// <summary>Creates the exception.</summary>
    public NotAStoreException(string path, string message)
        : base(path, message)
    {
    }
}

/// <summary>Images or labels handed to a store that it must refuse: a wrong shape, a label out of range, a wrong id.</summary>
public sealed class InvalidImageException : ImageStoreException
{
    /// <summary>Creates the exception.</summary>
    public InvalidImageException(string path, int id, string message)
        : base(path, id, message)
    {
    }
}

/// <summary>A dataset file (CIFAR-10 binary or pickle) that does not have the documented format.</summary>
public sealed class DatasetFormatException : ImageStoreException
{
    /// <summary>Creates the exception.</summary>
    public DatasetFormatException(string path, string message, Exception? inner = null)
        : base(path, message, inner)
    {
    }
}

/// <summary>
/// A request to the object-storage service behind a store that failed: refused (403: credentials or permissions),
/// unanswered (a timeout, a closed connection) or failing (5xx) after the bounded retries. The path is the object's
/// <c>s3://bucket/key</c>.
/// </summary>
public sealed class StorageServiceException : ImageStoreException
{
    /// <summary>Creates the exception.</summary>
    public StorageServiceException(string path, int? statusCode, string? errorCode, string message, Exception? inner = null)
        : base(path, message, inner)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>The HTTP status the service answered with, if it answered.</summary>
    public int? StatusCode { get; }

    /// <summary>The service's error code (<c>AccessDenied</c>, <c>SlowDown</c>, …), if it gave one.</summary>
    public string? ErrorCode { get; }
}
