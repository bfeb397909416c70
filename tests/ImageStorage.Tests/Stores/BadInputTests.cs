namespace ImageStorage.Tests.Stores;

/// <summary>Each kind of bad input gets a typed exception whose message names the path and the id, and nothing is lost.</summary>
public class BadInputTests
{
    public static TheoryData<StoreKind> Kinds() => new(TestImages.LocalKinds);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Id_out_of_range_names_the_store_and_the_id(StoreKind kind)
    {
        using var dir = new TempDirectory();
        string path = TestImages.Write(dir, kind, TestImages.Batch(5, ImageShape.Cifar10));
        using var store = ImageStores.Open(path);
        var buffer = new byte[store.Shape.ByteCount];
        var high = Assert.Throws<ImageIdOutOfRangeException>(() => store.Read(5, buffer));
        Assert.Contains(path, high.Message, StringComparison.Ordinal);
        Assert.Contains("image 5", high.Message, StringComparison.Ordinal);
        Assert.Equal(5, high.ImageId);
        Assert.Throws<ImageIdOutOfRangeException>(() => store.Read(-1, buffer));
        Assert.Throws<ImageIdOutOfRangeException>(() => store.ReadRange(3, 3));
        Assert.Throws<ImageIdOutOfRangeException>(() => store.ReadMany([0, 9]));
    }

    [Fact]
    public void A_directory_that_is_not_a_store_is_refused()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("plain");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "notes.txt"), "not images");
        var e = Assert.Throws<NotAStoreException>(() => ImageStores.Open(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Throws<NotAStoreException>(() => ImageStores.Open(dir.Combine("absent")));
        Assert.Throws<NotAStoreException>(() => ImageStores.Append(path));
        Assert.Null(ImageStores.Detect(path));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Create_never_replaces_something_that_is_not_such_a_store(StoreKind kind)
    {
        using var dir = new TempDirectory();
        string path = TestImages.StorePath(dir, kind);
        if (TestImages.IsFile(kind))
        {
            File.WriteAllText(path, "precious");
        }
        else
        {
            Directory.CreateDirectory(path);
            File.WriteAllText(Path.Combine(path, "precious.txt"), "precious");
        }

        Assert.Throws<ImageStoreException>(() => ImageStores.Create(kind, path, ImageShape.Cifar10));
        Assert.Throws<NotAStoreException>(() => ImageStores.Create(kind, path, ImageShape.Cifar10, new StoreOptions { Overwrite = true }));
        Assert.True(File.Exists(TestImages.IsFile(kind) ? path : Path.Combine(path, "precious.txt")));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_store_of_another_kind_is_never_replaced_by_nor_read_as_this_kind(StoreKind kind)
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(3, ImageShape.Cifar10);
        foreach (var other in TestImages.LocalKinds.Where(k => k != kind))
        {
            string path = TestImages.Write(dir, other, batch, other.ToString());
            var e = Assert.Throws<NotAStoreException>(() => ImageStores.Create(kind, path, ImageShape.Cifar10, new StoreOptions { Overwrite = true }));
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
            Assert.Equal(other, ImageStores.Detect(path));
            using var store = ImageStores.Open(path);
            Assert.Equal(other, store.Kind);
            TestImages.AssertEqual(batch, store.ReadAll());
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Images_of_another_shape_and_bad_labels_are_refused_and_nothing_is_written(StoreKind kind)
    {
        using var dir = new TempDirectory();
        string path = TestImages.StorePath(dir, kind);
        using (var writer = ImageStores.Create(kind, path, ImageShape.Cifar10))
        {
            var wrongShape = TestImages.Batch(3, new ImageShape(28, 28, 1));
            var e = Assert.Throws<InvalidImageException>(() => writer.AddMany(wrongShape));
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
            Assert.Throws<InvalidImageException>(() => writer.Add(new byte[100], 1));
            Assert.Throws<InvalidImageException>(() => writer.Add(new byte[ImageShape.Cifar10.ByteCount], -1));
            var negative = TestImages.Batch(2, ImageShape.Cifar10);
            negative.Labels[1] = -4;
            var labelError = Assert.Throws<InvalidImageException>(() => writer.AddMany(negative));
            Assert.Equal(1, labelError.ImageId);
            Assert.Equal(0, writer.Count);
            writer.Commit();
        }

        using var store = ImageStores.Open(path);
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void Batches_cannot_mix_shapes()
    {
        Assert.Throws<ArgumentException>(() => new ImageBatch(ImageShape.Cifar10, new byte[3072 * 2 + 1], new int[2]));
        Assert.Throws<ArgumentException>(() => new ImageShape(32, 32, 4).Validate());
    }

    [Fact]
    public void Png_missing_file_is_reported_as_missing_with_its_id()
    {
        using var dir = new TempDirectory();
        string path = TestImages.Write(dir, StoreKind.Png, TestImages.Batch(5, ImageShape.Cifar10));
        File.Delete(System.IO.Path.Combine(path, 3 + ".png"));
        using var store = ImageStores.Open(path);
        var e = Assert.Throws<ImageNotFoundException>(() => store.Read(3, new byte[3072]));
        Assert.Equal(3, e.ImageId);
        Assert.Contains("3.png", e.Message, StringComparison.Ordinal);
        Assert.Throws<ImageNotFoundException>(() => store.ReadAll());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    [InlineData("wrong-shape")]
    public void Png_corrupt_truncated_or_wrong_shape_file_names_the_file_and_id(string damage)
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(5, ImageShape.Cifar10);
        string path = TestImages.Write(dir, StoreKind.Png, batch);
        string file = System.IO.Path.Combine(path, 2 + ".png");
        byte[] bytes = File.ReadAllBytes(file);
        switch (damage)
        {
            case "garbage":
                File.WriteAllBytes(file, [.. Enumerable.Range(0, 500).Select(i => (byte)(i * 37))]);
                break;
            case "truncated":
                File.WriteAllBytes(file, bytes[..(bytes.Length / 2)]);
                break;
            default:
                string other = TestImages.Write(dir, StoreKind.Png, TestImages.Batch(1, new ImageShape(16, 16, 3)), "other");
                File.Copy(System.IO.Path.Combine(other, 0 + ".png"), file, overwrite: true);
                break;
        }

        using var store = ImageStores.Open(path);
        var e = Assert.Throws<CorruptStoreException>(() => store.Read(2, new byte[3072]));
        Assert.Equal(2, e.ImageId);
        Assert.Contains("2.png", e.Message, StringComparison.Ordinal);
        TestImages.AssertEqual(batch.Slice(0, 2), store.ReadRange(0, 2)); // the other images still read
    }

    [Fact]
    public void Png_labels_csv_missing_or_malformed_is_reported_with_the_file()
    {
        using var dir = new TempDirectory();
        string path = TestImages.Write(dir, StoreKind.Png, TestImages.Batch(3, ImageShape.Cifar10));
        string csv = Path.Combine(path, "labels.csv");
        string good = File.ReadAllText(csv);

        File.WriteAllText(csv, good.Replace("\n1,", "\n1,x", StringComparison.Ordinal));
        using (var store = ImageStores.Open(path))
        {
            var e = Assert.Throws<CorruptStoreException>(() => store.Read(0, new byte[3072]));
            Assert.Contains("labels.csv", e.Message, StringComparison.Ordinal);
            Assert.Contains("line 3", e.Message, StringComparison.Ordinal);
        }

        File.WriteAllText(csv, "id,label\n0,1\n");
        using (var store = ImageStores.Open(path))
        {
            Assert.Throws<CorruptStoreException>(() => store.ReadAll());
        }

        File.Delete(csv);
        var missing = Assert.Throws<CorruptStoreException>(() => ImageStores.Open(path));
        Assert.Contains("labels.csv", missing.Message, StringComparison.Ordinal);
    }

    public static TheoryData<StoreKind> FileKinds() => new(TestImages.LocalKinds.Where(TestImages.IsFile));

    [Theory]
    [MemberData(nameof(FileKinds))]
    public void A_truncated_store_file_is_reported_with_its_path(StoreKind kind)
    {
        using var dir = new TempDirectory();
        string path = TestImages.Write(dir, kind, TestImages.Batch(100, ImageShape.Cifar10));
        using (var stream = new FileStream(path, FileMode.Open))
        {
            stream.SetLength(stream.Length / 2);
        }

        var e = Assert.Throws<CorruptStoreException>(() =>
        {
            using var store = ImageStores.Open(path);
            store.ReadAll();
        });
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_truncated_data_file_is_reported()
    {
        using var dir = new TempDirectory();
        string path = TestImages.Write(dir, StoreKind.Raw, TestImages.Batch(4, ImageShape.Cifar10));
        string data = Path.Combine(path, "images.u8");
        using (var stream = new FileStream(data, FileMode.Open))
        {
            stream.SetLength(3072 * 3);
        }

        var e = Assert.Throws<CorruptStoreException>(() => ImageStores.Open(path));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }
}
