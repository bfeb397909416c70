using System.Net;
using Amazon.Runtime;
using Amazon.S3;

namespace ImageStorage.S3;

/// <summary>Turns what the SDK throws into the library's exceptions, naming the object's <c>s3://bucket/key</c> and the endpoint.</summary>
internal static class S3Errors
{
    /// <summary>True for the exceptions a request to the service can end in (as opposed to a bug of ours).</summary>
    public static bool IsRequestFailure(Exception e) =>
        e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException or TimeoutException or OperationCanceledException;

    /// <summary>True if the service said that the object does not exist.</summary>
    public static bool IsMissingObject(Exception e) =>
        e is AmazonServiceException { StatusCode: HttpStatusCode.NotFound } s && s.ErrorCode is not "NoSuchBucket";

    /// <summary>True if the service refused a conditional write because the object changed (or appeared) meanwhile.</summary>
    public static bool IsConflict(Exception e) =>
        e is AmazonServiceException { StatusCode: HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict };

    /// <summary>The library's exception for request failure <paramref name="e"/> on the object <paramref name="uri"/>.</summary>
    public static ImageStoreException Translate(Exception e, string uri)
    {
        string endpoint = S3Client.EndpointName;
        if (e is not AmazonServiceException service || service.StatusCode == 0)
        {
            return new StorageServiceException(uri, null, null, $"the request to {endpoint} failed, retried up to {S3Client.Attempts} attempts where retrying can help ({e.GetType().Name}: {e.Message}).", e);
        }

        int status = (int)service.StatusCode;
        string code = service.ErrorCode ?? "no error code";
        return status switch
        {
            404 when service.ErrorCode == "NoSuchBucket" => new NotAStoreException(uri, $"no such bucket at {endpoint} (404 NoSuchBucket)."),
            403 => new StorageServiceException(uri, status, code, $"access denied by {endpoint} (403 {code}): check the credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE) and the bucket's permissions.", e),
            >= 500 or 429 => new StorageServiceException(uri, status, code, $"{endpoint} failed {S3Client.Attempts} attempts ({status} {code}: {service.Message}).", e),
            _ => new StorageServiceException(uri, status, code, $"{endpoint} refused the request ({status} {code}: {service.Message}).", e),
        };
    }
}
