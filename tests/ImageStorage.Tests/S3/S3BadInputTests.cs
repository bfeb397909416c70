using ImageStorage.S3;

namespace ImageStorage.Tests.S3;

/// <summary>
/// What goes wrong with an S3 store — an id out of range, a damaged or missing object, nothing committed, no such
/// bucket, refused credentials, no service — is one of the library's exceptions naming the store, the object and the image.
/// </summary>
[Collection(SharedCephRgw.Name)]
public class S3BadInputTests
{
    private const int Damaged = 17;

    public static TheoryData<StoreKind> Kinds() => S3RoundTripTests.Kinds();

    [Theory]
    [MemberData(nameof(Kinds))]
    public void An_id_out_of_range_is_refused_naming_the_id(StoreKind kind)
    {
        string location = CephRgw.NewLocation();
        ImageStores.Write(kind, location, TestImages.Batch(10, ImageShape.Cifar10));
        using var store = ImageStores.Open(location);
        var e = Assert.Throws<ImageIdOutOfRangeException>(() => store.Read(10, new byte[ImageShape.Cifar10.ByteCount]));
        Assert.Equal(10, e.ImageId);
        Assert.Contains(location, e.Message, StringComparison.Ordinal);
        Assert.Throws<ImageIdOutOfRangeException>(() => store.ReadMany([3, -1]));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_damaged_object_is_a_checksum_error_naming_the_image_when_checked_and_verify_finds_it(StoreKind kind)
    {
        var batch = TestImages.Batch(50, ImageShape.Cifar10);
        string location = CephRgw.NewLocation();
        ImageStores.Write(kind, location, batch, S3RoundTripTests.SmallShards);
        var (key, offset) = CephRgw.WhereIs(location, kind, Damaged);
        CephRgw.FlipByte(location, key, offset + 100);

        using (var plain = ImageStores.Open(location))
        {
            // Not checked by default: the damaged bytes come back as they are stored.
            var pixels = new byte[ImageShape.Cifar10.ByteCount];
            plain.Read(Damaged, pixels);
            Assert.NotEqual(batch.Image(Damaged)[100], pixels[100]);
        }

        using var store = ImageStores.Open(location, new StoreOptions { VerifyChecksums = true });
        var e = Assert.Throws<CorruptStoreException>(() => store.Read(Damaged, new byte[ImageShape.Cifar10.ByteCount]));
        Assert.Equal(Damaged, e.ImageId);
        Assert.Contains("checksum mismatch", e.Message, StringComparison.Ordinal);
        Assert.Throws<CorruptStoreException>(() => store.ReadAll());
        TestImages.AssertEqual(batch.Slice(20, 30), store.ReadRange(20, 30));

        var report = store.Verify();
        Assert.Equal([Damaged], report.BadImages.Select(b => b.Id));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_missing_object_is_an_image_not_found_error_naming_the_image_and_its_key(StoreKind kind)
    {
        var batch = TestImages.Batch(50, ImageShape.Cifar10);
        string location = CephRgw.NewLocation();
        ImageStores.Write(kind, location, batch, S3RoundTripTests.SmallShards);
        var (key, _) = CephRgw.WhereIs(location, kind, Damaged);
        CephRgw.Delete(location, key);

        using var store = ImageStores.Open(location);
        var e = Assert.Throws<ImageNotFoundException>(() => store.Read(Damaged, new byte[ImageShape.Cifar10.ByteCount]));
        Assert.Equal(Damaged, e.ImageId);
        Assert.Contains($"s3://{CephRgw.Bucket}/{key}", e.Message, StringComparison.Ordinal);

        // One object per image loses one image; a shard loses its 32 (ids 0..31 with shards of 32).
        int[] lost = kind == StoreKind.S3Objects ? [Damaged] : [.. Enumerable.Range(0, 32)];
        Assert.Equal(lost, store.Verify().BadImages.Select(b => b.Id));
        TestImages.AssertEqual(batch.Slice(32, 18), store.ReadRange(32, 18));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_missing_index_is_a_corrupt_store_error_naming_the_object(StoreKind kind)
    {
        string location = CephRgw.NewLocation();
        ImageStores.Write(kind, location, TestImages.Batch(5, ImageShape.Cifar10));
        string index = CephRgw.Keys(location).Single(k => k.EndsWith("/" + S3Keys.Index, StringComparison.Ordinal));
        CephRgw.Delete(location, index);

        var e = Assert.Throws<CorruptStoreException>(() => ImageStores.Open(location));
        Assert.Contains($"s3://{CephRgw.Bucket}/{index}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prefix_where_nothing_is_committed_and_a_bucket_that_does_not_exist_are_not_stores()
    {
        string empty = CephRgw.NewLocation();
        var e = Assert.Throws<NotAStoreException>(() => ImageStores.Open(empty));
        Assert.Contains(empty, e.Message, StringComparison.Ordinal);
        Assert.Null(ImageStores.Detect(empty));
        Assert.Throws<NotAStoreException>(() => ImageStores.Append(empty));

        var noBucket = Assert.Throws<NotAStoreException>(() => ImageStores.Open("s3://no-such-bucket-here/x"));
        Assert.Contains("no such bucket", noBucket.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ImageStores.Open("s3://ab/x"));
    }

    [Fact]
    public void Refused_credentials_are_an_access_denied_error_naming_the_object_and_what_to_check()
    {
        string location = CephRgw.NewLocation();
        ImageStores.Write(StoreKind.S3Shards, location, TestImages.Batch(3, ImageShape.Cifar10));

        string wrongSecret = ReadInChild(location, new Dictionary<string, string?> { ["AWS_SECRET_ACCESS_KEY"] = "not-the-secret" });
        Assert.StartsWith("error StorageServiceException: ", wrongSecret, StringComparison.Ordinal);
        Assert.Contains($"{location}/{S3Keys.Manifest}: access denied by", wrongSecret, StringComparison.Ordinal);
        Assert.Contains("403", wrongSecret, StringComparison.Ordinal);
        Assert.Contains("AWS_ACCESS_KEY_ID", wrongSecret, StringComparison.Ordinal);

        string unknownKey = ReadInChild(location, new Dictionary<string, string?> { ["AWS_ACCESS_KEY_ID"] = "NOSUCHKEY0000000" });
        Assert.Contains("access denied", unknownKey, StringComparison.Ordinal);

        // The same child with the right keys reads the store: the refusals were the credentials' doing.
        Assert.Equal("read 3", ReadInChild(location, new Dictionary<string, string?>()));
    }

    [Fact]
    public void An_endpoint_where_no_service_listens_is_an_error_naming_the_object_after_bounded_retries()
    {
        // Port 1 on the loopback: nothing listens there, so every attempt is refused at once.
        string error = ReadInChild(CephRgw.NewLocation(), new Dictionary<string, string?> { ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1" });
        Assert.StartsWith("error StorageServiceException: ", error, StringComparison.Ordinal);
        Assert.Contains("the request to http://127.0.0.1:1 failed", error, StringComparison.Ordinal);
    }

    // Reads the store in a child process whose AWS_* variables differ from this one's, and returns the line it printed.
    private static string ReadInChild(string location, IReadOnlyDictionary<string, string?> environment)
    {
        using var child = ChildProcess.StartWith(environment, "read-all", location);
        string line = ChildProcess.WaitForLine(child, "", TimeSpan.FromSeconds(120));
        child.WaitForExit();
        return line;
    }
}
