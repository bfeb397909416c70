using System.Buffers;
using System.Runtime.InteropServices;
using Amazon.S3;
using Amazon.S3.Model;

namespace ImageStorage.S3;

/// <summary>
/// The requests an S3 store makes of its bucket — get (whole or a byte range), put (optionally conditional), head,
/// list, delete — each ending in the library's exceptions (<see cref="S3Errors"/>) rather than the SDK's.
/// </summary>
internal sealed class S3Bucket : IDisposable
{
    // DeleteObjects takes at most this many keys per request.
    private const int DeleteBatch = 1000;

    private readonly AmazonS3Client _client = S3Client.FromEnvironment();

    /// <summary>Opens a client for the bucket of <paramref name="location"/>.</summary>
    public S3Bucket(S3Location location) => Location = location;

    /// <summary>The store's location in the bucket.</summary>
    public S3Location Location { get; }

    /// <summary>Runs <paramref name="work"/> to completion on the caller's thread: the stores' API is synchronous.</summary>
    public static T Wait<T>(Task<T> work) => work.GetAwaiter().GetResult();

    /// <summary>Runs <paramref name="work"/> to completion on the caller's thread.</summary>
    public static void Wait(Task work) => work.GetAwaiter().GetResult();

    /// <summary>Runs <paramref name="body"/> for every item, at most <paramref name="concurrency"/> at once; the first failure is thrown.</summary>
    public static Task ForEach<T>(IEnumerable<T> items, int concurrency, Func<T, CancellationToken, ValueTask> body) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, body);

    /// <summary>The whole object <paramref name="key"/> and its ETag, or null if it does not exist.</summary>
    public async Task<(byte[] Bytes, string ETag)?> TryGetAsync(string key)
    {
        try
        {
            using var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = Location.Bucket, Key = key }).ConfigureAwait(false);
            var bytes = new byte[response.ContentLength];
            await response.ResponseStream.ReadExactlyAsync(bytes).ConfigureAwait(false);
            return (bytes, response.ETag);
        }
        catch (Exception e) when (S3Errors.IsMissingObject(e))
        {
            return null;
        }
        catch (Exception e) when (S3Errors.IsRequestFailure(e))
        {
            throw S3Errors.Translate(e, Location.UriOf(key));
        }
    }

    /// <summary>
    /// Reads <paramref name="destination"/>.Length bytes of <paramref name="key"/> from <paramref name="offset"/> (a range
    /// GET), or the whole object if <paramref name="offset"/> is negative. Returns how many bytes the service had there —
    /// the destination is filled only if that is its length — or -1 if the object does not exist.
    /// </summary>
    public async Task<long> ReadAsync(string key, long offset, Memory<byte> destination)
    {
        var request = new GetObjectRequest { BucketName = Location.Bucket, Key = key };
        if (offset >= 0)
        {
            request.ByteRange = new ByteRange(offset, offset + destination.Length - 1);
        }

        try
        {
            using var response = await _client.GetObjectAsync(request).ConfigureAwait(false);
            if (response.ContentLength == destination.Length)
            {
                await response.ResponseStream.ReadExactlyAsync(destination).ConfigureAwait(false);
            }

            return response.ContentLength;
        }
        catch (Exception e) when (S3Errors.IsMissingObject(e))
        {
            return -1;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // The object ends before the range starts.
            return 0;
        }
        catch (Exception e) when (S3Errors.IsRequestFailure(e))
        {
            throw S3Errors.Translate(e, Location.UriOf(key));
        }
    }

    /// <summary>
    /// Copies the whole object <paramref name="key"/> into <paramref name="destination"/> if it holds <paramref name="length"/>
    /// bytes. Returns how many bytes the service had — all of them written only if that is <paramref name="length"/> — or
    /// -1 if the object does not exist. A failure writing the destination is thrown as it is, not as the service's.
    /// </summary>
    public async Task<long> DownloadAsync(string key, long length, Stream destination)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        bool writing = false;
        try
        {
            using var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = Location.Bucket, Key = key }).ConfigureAwait(false);
            if (response.ContentLength != length)
            {
                return response.ContentLength;
            }

            long copied = 0;
            int n;
            while ((n = await response.ResponseStream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                writing = true;
                await destination.WriteAsync(buffer.AsMemory(0, n)).ConfigureAwait(false);
                writing = false;
                copied += n;
            }

            return copied;
        }
        catch (Exception e) when (!writing && S3Errors.IsMissingObject(e))
        {
            return -1;
        }
        catch (Exception e) when (!writing && S3Errors.IsRequestFailure(e))
        {
            throw S3Errors.Translate(e, Location.UriOf(key));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The ETag of <paramref name="key"/>, or null if it does not exist.</summary>
    public async Task<string?> ETagAsync(string key)
    {
        try
        {
            var response = await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Location.Bucket, Key = key }).ConfigureAwait(false);
            return response.ETag;
        }
        catch (Exception e) when (S3Errors.IsMissingObject(e))
        {
            return null;
        }
        catch (Exception e) when (S3Errors.IsRequestFailure(e))
        {
            throw S3Errors.Translate(e, Location.UriOf(key));
        }
    }

    /// <summary>
    /// Writes <paramref name="bytes"/> as object <paramref name="key"/>. With <paramref name="ifMatch"/>, only over the
    /// object with that ETag; with <paramref name="ifAbsent"/>, only if no such object exists. Returns false if the
    /// condition failed (another writer got there first), true once written.
    /// </summary>
    public async Task<bool> PutAsync(string key, ReadOnlyMemory<byte> bytes, string? ifMatch = null, bool ifAbsent = false)
    {
        if (await TryPutAsync(key, bytes, ifMatch, ifAbsent).ConfigureAwait(false))
        {
            return true;
        }

        // Ceph RGW 16 compares If-Match with its stored ETag, which has no quotes, so the quoted ETag HTTP and AWS use
        // never matches there; a refused conditional PUT wrote nothing, so asking again unquoted is safe.
        return ifMatch is ['"', .., '"'] && await TryPutAsync(key, bytes, ifMatch.Trim('"'), ifAbsent).ConfigureAwait(false);
    }

    private async Task<bool> TryPutAsync(string key, ReadOnlyMemory<byte> bytes, string? ifMatch, bool ifAbsent)
    {
        var body = MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);
        var request = new PutObjectRequest
        {
            BucketName = Location.Bucket,
            Key = key,
            InputStream = body,
            AutoCloseStream = true,
            ContentType = "application/octet-stream",
            // One signed request with a Content-Length: every S3-compatible service takes it (aws-chunked uploads not all).
            UseChunkEncoding = false,
        };
        if (ifMatch is not null)
        {
            request.IfMatch = ifMatch;
        }

        if (ifAbsent)
        {
            request.IfNoneMatch = "*";
        }

        try
        {
            await _client.PutObjectAsync(request).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (S3Errors.IsConflict(e) && (ifMatch is not null || ifAbsent))
        {
            return false;
        }
        catch (Exception e) when (S3Errors.IsRequestFailure(e))
        {
            throw S3Errors.Translate(e, Location.UriOf(key));
        }
    }

    /// <summary>Every key under <paramref name="prefix"/>, and with <paramref name="delimiter"/> the common prefixes ("folders") instead of what is in them.</summary>
    public async Task<(List<string> Keys, List<string> Prefixes)> ListAsync(string prefix, string? delimiter = null)
    {
        var keys = new List<string>();
        var prefixes = new List<string>();
        var request = new ListObjectsV2Request { BucketName = Location.Bucket, Prefix = prefix, Delimiter = delimiter };
        try
        {
            while (true)
            {
                var response = await _client.ListObjectsV2Async(request).ConfigureAwait(false);
                keys.AddRange(response.S3Objects?.Select(o => o.Key) ?? []);
                prefixes.AddRange(response.CommonPrefixes ?? []);
                if (response.IsTruncated != true)
                {
                    return (keys, prefixes);
                }

                request.ContinuationToken = response.NextContinuationToken;
            }
        }
        catch (Exception e) when (S3Errors.IsRequestFailure(e))
        {
            throw S3Errors.Translate(e, Location.UriOf(prefix));
        }
    }

    /// <summary>Deletes <paramref name="keys"/> (those that do not exist are no error).</summary>
    public async Task DeleteAsync(IReadOnlyList<string> keys)
    {
        for (int start = 0; start < keys.Count; start += DeleteBatch)
        {
            var batch = keys.Skip(start).Take(DeleteBatch).Select(k => new KeyVersion { Key = k }).ToList();
            try
            {
                var response = await _client.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = Location.Bucket, Objects = batch, Quiet = true }).ConfigureAwait(false);
                if (response.DeleteErrors is { Count: > 0 } errors)
                {
                    var first = errors[0];
                    throw new StorageServiceException(Location.UriOf(first.Key), null, first.Code, $"{S3Client.EndpointName} did not delete {errors.Count} objects ({first.Code}: {first.Message}).");
                }
            }
            catch (Exception e) when (S3Errors.IsRequestFailure(e))
            {
                throw S3Errors.Translate(e, Location.UriOf(batch[0].Key));
            }
        }
    }

    /// <summary>Deletes every object under <paramref name="prefix"/>.</summary>
    public async Task DeleteAllUnderAsync(string prefix)
    {
        var (keys, _) = await ListAsync(prefix).ConfigureAwait(false);
        await DeleteAsync(keys).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
