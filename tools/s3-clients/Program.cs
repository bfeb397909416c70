using System.Diagnostics;
using Amazon.S3;
using Amazon.S3.Model;
using Minio;
using Minio.DataModel.Args;

// The two S3 clients the store could use, measured on the same requests against one S3 service (AWS_ENDPOINT_URL and
// the AWS_* keys, e.g. from tools/ceph/ceph-s3.sh): 3 KB PUTs and GETs at 32 in flight, and 32 MiB GETs; each line
// gives requests (or MiB) a second and this process's CPU time per request (or MiB).
// usage: dotnet run -c Release --project tools/s3-clients -- [small requests, default 3000] [rounds, default 3]
string endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL")!;
var uri = new Uri(endpoint);
string access = Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID")!, secret = Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY")!;
const string bucket = "clients";
int n = int.Parse(args.Length > 0 ? args[0] : "3000", System.Globalization.CultureInfo.InvariantCulture);
int rounds = int.Parse(args.Length > 1 ? args[1] : "3", System.Globalization.CultureInfo.InvariantCulture);
var aws = new AmazonS3Client(new AmazonS3Config { ServiceURL = endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxConnectionsPerServer = 256,
    RequestChecksumCalculation = Amazon.Runtime.RequestChecksumCalculation.WHEN_REQUIRED, ResponseChecksumValidation = Amazon.Runtime.ResponseChecksumValidation.WHEN_REQUIRED });
var minio = new MinioClient().WithEndpoint(uri.Host, uri.Port).WithCredentials(access, secret).WithRegion("us-east-1").Build();
try { await aws.PutBucketAsync(bucket); } catch (AmazonS3Exception) { }
var small = new byte[3072]; new Random(1).NextBytes(small);
var large = new byte[32 << 20]; new Random(2).NextBytes(large);
await aws.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "large", InputStream = new MemoryStream(large) });

async Task<(double wall, double cpu)> Time(int count, Func<int, Task> op)
{
    var cpu0 = Environment.CpuUsage.TotalTime; var sw = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) => await op(i));
    return (sw.Elapsed.TotalSeconds, (Environment.CpuUsage.TotalTime - cpu0).TotalSeconds);
}
Task AwsPut(int i) => aws.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = $"a/{i}", InputStream = new MemoryStream(small) });
Task MinioPut(int i) => minio.PutObjectAsync(new PutObjectArgs().WithBucket(bucket).WithObject($"m/{i}").WithStreamData(new MemoryStream(small)).WithObjectSize(small.Length));
async Task AwsGet(int i, string p, byte[] into) { using var r = await aws.GetObjectAsync(bucket, $"{p}/{i}"); await r.ResponseStream.ReadExactlyAsync(into.AsMemory(0, (int)r.ContentLength)); }
async Task MinioGet(int i, string p, byte[] into) { await minio.GetObjectAsync(new GetObjectArgs().WithBucket(bucket).WithObject($"{p}/{i}").WithCallbackStream(async (s, ct) => await s.ReadExactlyAsync(into.AsMemory(0, small.Length), ct))); }
var sink = new byte[small.Length];
var bigSink = new byte[large.Length];
for (int round = 0; round < rounds; round++)
{
    foreach (var (name, put, get, big) in new (string, Func<int, Task>, Func<int, Task>, Func<int, Task>)[] {
        ("AWSSDK.S3 4.1.0", AwsPut, i => AwsGet(i, "a", new byte[small.Length]), async _ => { using var r = await aws.GetObjectAsync(bucket, "large"); await r.ResponseStream.ReadExactlyAsync(new byte[large.Length]); }),
        ("Minio 7.0.0", MinioPut, i => MinioGet(i, "m", new byte[small.Length]), async _ => await minio.GetObjectAsync(new GetObjectArgs().WithBucket(bucket).WithObject("large").WithCallbackStream(async (s, ct) => await s.ReadExactlyAsync(new byte[large.Length], ct)))) })
    {
        var p = await Time(n, put);
        var g = await Time(n, get);
        var l = await Time(8, big);
        Console.WriteLine($"{round} {name,-16} PUT 3 KB: {n / p.wall,7:0} /s, {p.cpu / n * 1e3:0.000} ms CPU each | GET 3 KB: {n / g.wall,7:0} /s, {g.cpu / n * 1e3:0.000} ms CPU each | GET 32 MiB: {8 * 32 / l.wall,6:0} MiB/s, {l.cpu / (8 * 32) * 1e3:0.00} ms CPU per MiB");
    }
}
