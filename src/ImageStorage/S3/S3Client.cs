using Amazon.Runtime;
using Amazon.S3;

namespace ImageStorage.S3;

/// <summary>
/// The S3 client every S3 store uses, configured the way S3 users configure their tools: the endpoint from
/// <c>AWS_ENDPOINT_URL_S3</c> or <c>AWS_ENDPOINT_URL</c> (absent: AWS itself), credentials and region from the SDK's
/// standard chain (<c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_PROFILE</c> and <c>~/.aws</c>, …),
/// path-style addressing for any endpoint that is not AWS (Ceph RGW, MinIO, R2 take it; virtual hosts need DNS).
/// </summary>
internal static class S3Client
{
    /// <summary>How many times a request is tried before its failure is reported: the first try and four retries.</summary>
    public const int Attempts = 5;

    // Long enough for a 64 MiB shard over a slow link, short enough that a dead endpoint is reported within minutes.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The endpoint the environment names, or null for AWS itself.</summary>
    public static string? Endpoint =>
        NonEmpty(Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_S3")) ?? NonEmpty(Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL"));

    /// <summary>The endpoint for messages: its URL, or "AWS S3".</summary>
    public static string EndpointName => Endpoint ?? "AWS S3";

    /// <summary>A new client for the environment's endpoint and credentials, with bounded retries and timeouts.</summary>
    public static AmazonS3Client FromEnvironment()
    {
        var config = new AmazonS3Config
        {
            // Standard retries (exponential back-off with jitter) of what is retryable: 5xx, throttling, timeouts, resets.
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = Attempts - 1,
            Timeout = RequestTimeout,
            // Checksum headers only where S3 requires them: many S3-compatible services (Ceph 16 among them) refuse the rest.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxConnectionsPerServer = 256,
        };
        if (Endpoint is { } endpoint)
        {
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = NonEmpty(Environment.GetEnvironmentVariable("AWS_REGION"))
                ?? NonEmpty(Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION")) ?? "us-east-1";
        }

        return new AmazonS3Client(config);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
