using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace ImageStorage.Tests.Interop;

/// <summary>
/// The Python readers in tools/python (standard library and numpy; h5py and py-lmdb for their kinds) read every store
/// kind they cover byte-exact, check its checksums, and refuse what they do not cover with the package it needs.
/// </summary>
public class PythonReaderTests
{
    private const string Install = "python3-numpy python3-h5py python3-lmdb";

    private static readonly string[] Classes = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>The reader module of each kind the Python readers cover; RocksDB and Arrow need packages Debian 12 lacks.</summary>
    private static readonly Dictionary<StoreKind, string> Modules = new()
    {
        [StoreKind.Raw] = "raw",
        [StoreKind.Png] = "png",
        [StoreKind.Lmdb] = "lmdb",
        [StoreKind.Hdf5] = "hdf5",
        [StoreKind.TarShards] = "tar_shards",
        [StoreKind.Sqlite] = "sqlite",
    };

    public static TheoryData<StoreKind, RecordEncoding, int> CoveredStores()
    {
        var data = new TheoryData<StoreKind, RecordEncoding, int>();
        foreach (var kind in TestImages.LocalKinds.Where(Modules.ContainsKey))
        {
            foreach (var encoding in ImageStores.Encodings(kind))
            {
                data.Add(kind, encoding, 3);
                data.Add(kind, encoding, 1);
            }
        }

        return data;
    }

    [Fact]
    public void Every_kind_but_RocksDB_and_Arrow_has_a_reader()
    {
        Assert.Equal(TestImages.LocalKinds.Except([StoreKind.RocksDb, StoreKind.Arrow]), Modules.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(CoveredStores))]
    public void The_python_reader_reads_a_store_we_wrote_byte_exact_and_checks_its_checksums(StoreKind kind, RecordEncoding encoding, int channels)
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(37, new ImageShape(20, 24, channels));
        string path = TestImages.StorePath(dir, kind);
        // Small shards, and an append, so that tar stores span several shards and every kind holds two commits.
        var options = new StoreOptions { Encoding = encoding, ClassNames = Classes, TarShardMaxImages = 10 };
        ImageStores.Write(kind, path, batch.Slice(0, 25), options);
        using (var writer = ImageStores.Append(path, options))
        {
            writer.AddMany(batch.Slice(25, 12));
            writer.Commit();
        }

        Assert.Equal(
            $"{Modules[kind]} count 37 shape 20x24x{channels} sha256 {Digest(batch)} checksums checked classes {string.Join(',', Classes)}",
            Read(path));
    }

    [Theory]
    [InlineData("raw-v1", "raw")]
    [InlineData("png-v1", "png")]
    [InlineData("hdf5-v1.h5", "hdf5")]
    public void The_python_reader_reads_a_store_without_checksums_and_says_so(string name, string module)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", "previous-release", name);
        using var store = ImageStores.Open(path);
        Assert.Equal($"{module} count 4 shape 8x8x3 sha256 {Digest(store.ReadAll())} checksums none classes none", Read(path));
    }

    [Theory]
    [InlineData(StoreKind.Raw, "images.u8")]
    [InlineData(StoreKind.TarShards, "shard-000000.tar")]
    public void The_python_reader_names_an_image_whose_checksum_does_not_match(StoreKind kind, string file)
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(5, ImageShape.Cifar10);
        string path = TestImages.Write(dir, kind, batch);
        int offset = kind == StoreKind.Raw ? (3 * 3072) + 100 : (3 * 4608) + 512 + 100; // a pixel of image 3
        using (var stream = new FileStream(Path.Combine(path, file), FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = offset;
            int b = stream.ReadByte();
            stream.Position = offset;
            stream.WriteByte((byte)(b ^ 0x40));
        }

        string error = ExternalTool.RunExpectingFailure(ExternalTool.Python, Install, Reader, path);
        Assert.Contains("image 3: checksum mismatch", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StoreKind.RocksDb, "python-rocksdb")]
    [InlineData(StoreKind.Arrow, "pyarrow")]
    public void The_python_reader_refuses_a_kind_it_does_not_cover_naming_the_package_it_needs(StoreKind kind, string package)
    {
        using var dir = new TempDirectory();
        string path = TestImages.Write(dir, kind, TestImages.Batch(3, ImageShape.Cifar10));
        string error = ExternalTool.RunExpectingFailure(ExternalTool.Python, Install, Reader, path);
        Assert.Contains(package, error, StringComparison.Ordinal);
    }

    private static string Reader => Path.Combine(ExternalTool.RepositoryFolder("tools/python"), "read_store.py");

    private static string Read(string path) => ExternalTool.Run(ExternalTool.Python, Install, Reader, path).Trim();

    // What read_store.py prints: the SHA-256 of every image's pixels in id order, then every label as 4 little-endian bytes.
    private static string Digest(ImageBatch batch)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(batch.Pixels);
        sha.AppendData(MemoryMarshal.AsBytes(batch.Labels));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
