using System.Diagnostics;
using ImageStorage.S3;
using ImageStorage.TarShards;

namespace ImageStorage.Tests.S3;

/// <summary>
/// A real single-host Ceph cluster serving S3 through RGW, started once for the S3 tests by tools/ceph/ceph-s3.sh in a
/// temp folder of its own and stopped after them. Its endpoint and keys go into this process's AWS_* variables (so the
/// library and every child process find them as S3 users' tools do), and it has one bucket for the tests. Without Ceph
/// every S3 test fails with the message saying what to install.
/// </summary>
public sealed class CephRgw : IDisposable
{
    /// <summary>The bucket the tests write their stores into, each under a prefix of its own.</summary>
    public const string Bucket = "imagestorage-tests";

    private readonly string _folder;
    private readonly string _script;

    public CephRgw()
    {
        _script = Path.Combine(ExternalTool.RepositoryFolder("tools/ceph"), "ceph-s3.sh");
        // Short: the daemons' admin sockets live in it, and a Unix socket path has at most 107 bytes.
        _folder = Path.Combine(Path.GetTempPath(), "imagestorage-ceph-" + Guid.NewGuid().ToString("N")[..8]);
        var started = Stopwatch.StartNew();
        var (exitCode, output) = Run("start", _folder);
        if (exitCode != 0)
        {
            Run("stop", _folder);
            DeleteFolder();
            throw new InvalidOperationException($"The S3 tests need a Ceph RGW, and tools/ceph/ceph-s3.sh could not start one: {output.Trim()}");
        }

        StartSeconds = started.Elapsed.TotalSeconds;
        Variables = File.ReadAllLines(Path.Combine(_folder, "s3.env"))
            .Where(line => line.StartsWith("export ", StringComparison.Ordinal))
            .Select(line => line["export ".Length..].Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);
        foreach (var (name, value) in Variables)
        {
            System.Environment.SetEnvironmentVariable(name, value);
        }

        System.Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_S3", null);
        System.Environment.SetEnvironmentVariable("AWS_PROFILE", null);
        using var client = S3Client.FromEnvironment();
        client.PutBucketAsync(Bucket).GetAwaiter().GetResult();
    }

    /// <summary>What the script's env file sets: AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; }

    /// <summary>How long the cluster took from nothing to serving S3, in seconds.</summary>
    public double StartSeconds { get; }

    /// <summary>A fresh location in the test bucket, <c>s3://imagestorage-tests/{random}/{name}</c>.</summary>
    public static string NewLocation(string name = "store") => $"s3://{Bucket}/{Guid.NewGuid():N}/{name}";

    /// <summary>Every key under the store at <paramref name="location"/>.</summary>
    public static List<string> Keys(string location)
    {
        using var bucket = new S3Bucket(S3Location.Parse(location));
        return S3Bucket.Wait(bucket.ListAsync(bucket.Location.KeyPrefix)).Keys;
    }

    /// <summary>The object that holds image <paramref name="id"/> of a store with one part, and where in it the image's bytes start, found through the part's index.</summary>
    public static (string Key, long Offset) WhereIs(string location, StoreKind kind, int id)
    {
        using var bucket = new S3Bucket(S3Location.Parse(location));
        string index = Keys(location).Single(k => k.EndsWith("/" + S3Keys.Index, StringComparison.Ordinal));
        string part = index[bucket.Location.KeyPrefix.Length..^(S3Keys.Index.Length + 1)];
        var bytes = S3Bucket.Wait(bucket.TryGetAsync(index))!.Value.Bytes;
        var entry = ShardIndex.Read(bytes.AsSpan(id * ShardIndex.EntrySize, ShardIndex.EntrySize), index, id);
        return kind == StoreKind.S3Objects
            ? (bucket.Location.Key(S3Keys.Image(part, id)), 0)
            : (bucket.Location.Key(S3Keys.Shard(part, entry.Shard)), entry.Offset);
    }

    /// <summary>Rewrites object <paramref name="key"/> of the store at <paramref name="location"/> with one byte at <paramref name="offset"/> flipped, behind the library's back.</summary>
    public static void FlipByte(string location, string key, long offset)
    {
        using var bucket = new S3Bucket(S3Location.Parse(location));
        var bytes = S3Bucket.Wait(bucket.TryGetAsync(key))!.Value.Bytes;
        bytes[offset] ^= 0x5a;
        S3Bucket.Wait(bucket.PutAsync(key, bytes));
    }

    /// <summary>Deletes object <paramref name="key"/> of the store at <paramref name="location"/>, behind the library's back.</summary>
    public static void Delete(string location, string key)
    {
        using var bucket = new S3Bucket(S3Location.Parse(location));
        S3Bucket.Wait(bucket.DeleteAsync([key]));
    }

    public void Dispose()
    {
        Run("stop", _folder);
        DeleteFolder();
    }

    private (int ExitCode, string Output) Run(string command, string folder)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { _script, command, folder })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    private void DeleteFolder()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was created.
        }
    }
}

/// <summary>The S3 tests share one cluster and run one after another (they set process-wide AWS_* variables once).</summary>
[CollectionDefinition(Name)]
public sealed class SharedCephRgw : ICollectionFixture<CephRgw>
{
    public const string Name = "Ceph RGW";
}
