namespace ImageStorage.S3;

/// <summary>
/// Where an S3 store lives, written as S3 users write it: <c>s3://bucket/prefix</c>. Every object of the store has
/// a key under the prefix (<c>prefix/imagestore.json</c>, <c>prefix/part-…/…</c>); an empty prefix is the bucket's root.
/// </summary>
internal sealed record S3Location(string Bucket, string Prefix)
{
    /// <summary>The scheme that marks a path as an S3 location.</summary>
    public const string Scheme = "s3://";

    /// <summary>The location as written: <c>s3://bucket/prefix</c>.</summary>
    public string Uri => Prefix.Length == 0 ? $"{Scheme}{Bucket}" : $"{Scheme}{Bucket}/{Prefix}";

    /// <summary>True if <paramref name="path"/> is written as an S3 location.</summary>
    public static bool IsS3(string? path) => path is not null && path.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses <paramref name="path"/>, or throws <see cref="ArgumentException"/> saying what an S3 location looks like.</summary>
    public static S3Location Parse(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!IsS3(path))
        {
            throw new ArgumentException($"'{path}' is not an S3 location: an S3 store is written s3://bucket/prefix.", nameof(path));
        }

        string rest = path[Scheme.Length..];
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        string bucket = slash < 0 ? rest : rest[..slash];
        string prefix = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
        // S3's own rule for bucket names, which RGW also enforces: 3 to 63 lower-case letters, digits, dots and hyphens.
        if (bucket.Length is < 3 or > 63 || !bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-'))
        {
            throw new ArgumentException($"'{path}': '{bucket}' is not a bucket name (3 to 63 lower-case letters, digits, dots and hyphens).", nameof(path));
        }

        if (prefix.Contains("//", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{path}': the prefix has an empty segment.", nameof(path));
        }

        return new S3Location(bucket, prefix);
    }

    /// <summary>The key of <paramref name="name"/> (a relative key such as <c>part-x/index.bin</c>) under the prefix.</summary>
    public string Key(string name) => Prefix.Length == 0 ? name : $"{Prefix}/{name}";

    /// <summary>The key prefix every object of the store has (empty, or the prefix and a slash).</summary>
    public string KeyPrefix => Prefix.Length == 0 ? "" : Prefix + "/";

    /// <summary><paramref name="key"/> written as an S3 URI, for messages.</summary>
    public string UriOf(string key) => $"{Scheme}{Bucket}/{key}";
}
