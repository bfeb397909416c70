using System.Runtime.InteropServices;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Arrays;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using ImageStorage.Arrow;
using ImageStorage.IO;

namespace ImageStorage.Tests.Stores;

/// <summary>Arrow specifics: arrow-js reads the file, reads come from the memory map, batches keep their layout, damage is named.</summary>
public class ArrowStoreTests
{
    [Fact]
    public void Arrow_js_reads_the_schema_the_row_count_and_one_image_byte_exact()
    {
        string tool = ExternalTool.RepositoryFolder(Path.Combine("tools", "arrow-js"));
        if (!File.Exists(Path.Combine(tool, "node_modules", "apache-arrow", "package.json")))
        {
            throw new Xunit.Sdk.XunitException($"apache-arrow is not installed in {tool}: run 'npm ci' there (.ci/run does).");
        }

        using var dir = new TempDirectory();
        // 256×256×3: 256 rows per batch, so the image read is in the second batch.
        var batch = TestImages.Batch(300, new ImageShape(256, 256, 3));
        string path = TestImages.Write(dir, StoreKind.Arrow, batch);
        string json = ExternalTool.Run("node", "nodejs", Path.Combine(tool, "read-store.mjs"), path, "270");
        using var seen = JsonDocument.Parse(json);
        var root = seen.RootElement;

        string[] fields = [.. root.GetProperty("fields").EnumerateArray().Select(f => $"{f.GetProperty("name").GetString()}: {f.GetProperty("type").GetString()}")];
        Assert.Equal(["pixels: FixedSizeBinary[196608]", "label: Int32", "checksum: Uint32"], fields);
        Assert.All(root.GetProperty("fields").EnumerateArray(), f => Assert.False(f.GetProperty("nullable").GetBoolean()));
        var metadata = root.GetProperty("metadata");
        Assert.Equal("imagestorage-arrow", metadata.GetProperty("format").GetString());
        Assert.Equal("256", metadata.GetProperty("height").GetString());
        Assert.Equal("256", metadata.GetProperty("batch_rows").GetString());
        Assert.Equal(300, root.GetProperty("rows").GetInt32());
        Assert.Equal(2, root.GetProperty("batches").GetInt32());
        Assert.Equal(Convert.ToHexStringLower(batch.Image(270)), root.GetProperty("pixels").GetString());
        Assert.Equal(batch.Labels[270], root.GetProperty("label").GetInt32());
        Assert.Equal(ImageChecksum.Compute(batch.Image(270), batch.Labels[270]), root.GetProperty("checksum").GetUInt32());
    }

    [Fact]
    public void The_pixel_column_is_a_view_of_the_memory_map_not_a_copy()
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(100, ImageShape.Cifar10);
        string path = TestImages.Write(dir, StoreKind.Arrow, batch);
        using var file = ArrowStoreFile.Open(path);
        var pixels = file.Batches[0].Pixels.ValueBuffer.Memory;
        Assert.True(MemoryMarshal.TryGetMemoryManager<byte, PointerMemory<byte>>(pixels, out _), "the buffer is the file's mapping, not Arrow allocator memory");
        Assert.Equal(batch.Pixels.ToArray(), file.Batches[0].PixelRows(0, 100, 3072).ToArray());
    }

    [Fact]
    public void Storing_a_few_images_allocates_what_they_hold_not_a_whole_batch()
    {
        using var dir = new TempDirectory();
        var batch = TestImages.Batch(10, ImageShape.Cifar10);
        ImageStores.Write(StoreKind.Arrow, dir.Combine("warm-up.arrow"), batch);
        long before = GC.GetAllocatedBytesForCurrentThread();
        ImageStores.Write(StoreKind.Arrow, dir.Combine("few.arrow"), batch);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1 << 20, $"storing 10 images allocated {allocated} bytes; a whole batch of 16,384 would be 48 MiB");
    }

    [Fact]
    public void Appends_keep_every_batch_but_the_last_full_and_readers_keep_the_file_they_opened()
    {
        using var dir = new TempDirectory();
        var shape = new ImageShape(256, 256, 3);
        Assert.Equal(256, ArrowLayout.BatchRowsFor(shape));
        var batch = TestImages.Batch(560, shape);
        string path = TestImages.Write(dir, StoreKind.Arrow, batch.Slice(0, 260));
        using var before = ImageStores.Open(path);
        using (var writer = ImageStores.Append(path))
        {
            writer.AddMany(batch.Slice(260, 250));
            for (int id = 510; id < 560; id++)
            {
                writer.Add(batch.Image(id), batch.Labels[id]);
            }

            writer.Commit();
        }

        using (var file = ArrowStoreFile.Open(path))
        {
            Assert.Equal([256, 256, 48], file.Batches.Select(b => b.Count));
        }

        TestImages.AssertEqual(batch.Slice(0, 260), before.ReadAll());
        using var after = ImageStores.Open(path);
        TestImages.AssertEqual(batch, after.ReadAll());
        TestImages.AssertEqual(batch.Slice(250, 20), after.ReadRange(250, 20));
        Assert.True(after.Verify().IsValid);
    }

    [Fact]
    public void A_pixel_column_of_the_wrong_width_is_reported()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("narrow.arrow");
        var schema = ArrowLayout.SchemaFor(ImageShape.Cifar10, 16, classes: null);
        var narrow = new Schema.Builder()
            .Field(f => f.Name("pixels").DataType(new FixedSizeBinaryType(3071)).Nullable(false))
            .Field(schema.FieldsList[1])
            .Field(schema.FieldsList[2])
            .Metadata(schema.Metadata)
            .Build();
        WriteFile(path, narrow, ArrowLayout.Batch(narrow, 3071, 2, new byte[6142], new byte[8], new byte[8]));

        var e = Assert.Throws<CorruptStoreException>(() => ImageStores.Open(path));
        Assert.Contains("wrong length", e.Message, StringComparison.Ordinal);
        Assert.Contains("3071", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_schema_metadata_is_reported()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("bad.arrow");
        var schema = ArrowLayout.SchemaFor(ImageShape.Cifar10, 16, classes: null);
        var metadata = schema.Metadata.ToDictionary(m => m.Key, m => m.Value);
        metadata["height"] = "tall";
        var bad = new Schema(schema.FieldsList, metadata);
        WriteFile(path, bad, ArrowLayout.Batch(bad, 3072, 1, new byte[3072], new byte[4], new byte[4]));

        var e = Assert.Throws<CorruptStoreException>(() => ImageStores.Open(path));
        Assert.Contains("'height'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_image_is_reported_as_missing_with_its_id()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("holes.arrow");
        var batch = TestImages.Batch(6, ImageShape.Cifar10);
        var schema = ArrowLayout.SchemaFor(ImageShape.Cifar10, 16, classes: null);
        var labels = MemoryMarshal.AsBytes(batch.Labels).ToArray();
        var checksums = MemoryMarshal.AsBytes(ImageChecksum.ComputeAll(batch).AsSpan()).ToArray();
        // Image 4 is null: its validity bit is clear.
        var pixels = new FixedSizeBinaryArray(new ArrayData(new FixedSizeBinaryType(3072), 6, 1, 0, [new ArrowBuffer(new byte[] { 0b101111 }), new ArrowBuffer(batch.Pixels.ToArray())]));
        var record = new RecordBatch(schema, [pixels, new Int32Array(new ArrowBuffer(labels), ArrowBuffer.Empty, 6, 0, 0), new UInt32Array(new ArrowBuffer(checksums), ArrowBuffer.Empty, 6, 0, 0)], 6);
        WriteFile(path, schema, record);

        using var store = ImageStores.Open(path);
        var e = Assert.Throws<ImageNotFoundException>(() => store.Read(4, new byte[3072]));
        Assert.Equal(4, e.ImageId);
        Assert.Equal(4, Assert.Throws<ImageNotFoundException>(() => store.ReadAll()).ImageId);
        TestImages.AssertEqual(batch.Slice(0, 4), store.ReadRange(0, 4));
        TestImages.AssertEqual(batch.Slice(5, 1), store.ReadRange(5, 1));
    }

    [Fact]
    public void An_arrow_file_that_is_not_an_image_store_and_another_kinds_file_are_refused()
    {
        using var dir = new TempDirectory();
        string other = dir.Combine("table.arrow");
        var schema = new Schema.Builder().Field(f => f.Name("x").DataType(Int32Type.Default)).Build();
        WriteFile(other, schema, new RecordBatch(schema, [new Int32Array(new ArrowBuffer(new byte[4]), ArrowBuffer.Empty, 1, 0, 0)], 1));
        Assert.Equal(StoreKind.Arrow, ImageStores.Detect(other));
        Assert.Contains("metadata", Assert.Throws<NotAStoreException>(() => ImageStores.Open(other)).Message, StringComparison.Ordinal);
        Assert.Throws<NotAStoreException>(() => ImageStores.Create(StoreKind.Arrow, other, ImageShape.Cifar10, new StoreOptions { Overwrite = true }));

        string sqlite = dir.Combine("images.arrow");
        ImageStores.Write(StoreKind.Sqlite, sqlite, TestImages.Batch(3, ImageShape.Cifar10));
        byte[] before = File.ReadAllBytes(sqlite);
        Assert.Throws<NotAStoreException>(() => ImageStores.Create(StoreKind.Arrow, sqlite, ImageShape.Cifar10, new StoreOptions { Overwrite = true }));
        Assert.Equal(before, File.ReadAllBytes(sqlite));
    }

    [Fact]
    public void A_file_larger_than_the_mappable_2_GiB_is_refused_clearly()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("huge.arrow");
        using (var stream = new FileStream(path, FileMode.CreateNew))
        {
            stream.Write("ARROW1\0\0"u8);
            stream.SetLength(ArrowLayout.MaxFileBytes + 1); // sparse: no disk is used
        }

        var e = Assert.Throws<ImageStoreException>(() => ImageStores.Open(path));
        Assert.Contains("2 GiB", e.Message, StringComparison.Ordinal);
        Assert.Contains("PartitionedStore", e.Message, StringComparison.Ordinal);
    }

    private static void WriteFile(string path, Schema schema, RecordBatch batch)
    {
        using var stream = new FileStream(path, FileMode.CreateNew);
        using var writer = new ArrowFileWriter(stream, schema);
        writer.WriteRecordBatch(batch);
        writer.WriteEnd();
    }
}
