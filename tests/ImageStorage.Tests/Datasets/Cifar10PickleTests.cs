using System.Buffers.Binary;
using System.Text;
using ImageStorage.Datasets;
using Xunit;

namespace ImageStorage.Tests.Datasets;

public sealed class Cifar10PickleTests : IDisposable
{
    private const int RowSize = 3072;
    private const string Marker = "/tmp/pwned-imagestorage";

    private static readonly int[] FixtureLabels = [3, 1, 4, 1];

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    // ---- Reading what Python wrote ------------------------------------------------------------------------------

    [Theory]
    [InlineData("py2style_p2.pkl")]
    [InlineData("p2.pkl")]
    [InlineData("p3.pkl")]
    [InlineData("p4.pkl")]
    [InlineData("p5.pkl")]
    public void Fixture_written_by_python_reads_byte_exact(string name)
    {
        ImageBatch batch = Cifar10Pickle.Read(Fixture(name));

        Assert.Equal(ImageShape.Cifar10, batch.Shape);
        Assert.Equal(FixtureLabels, batch.Labels);
        AssertPixels(batch, 4, FixtureSample);
    }

    [Fact]
    public void Fixture_first_pixel_is_red_green_blue_from_the_three_planes()
    {
        ImageBatch batch = Cifar10Pickle.Read(Fixture("p4.pkl"));

        // Image 1, pixel (row 0, column 1): planar sample 1 (red), 1025 (green), 2049 (blue).
        Span<byte> image = batch.Image(1);
        Assert.Equal(FixtureSample(1, 1), image[3]);
        Assert.Equal(FixtureSample(1, 1024 + 1), image[4]);
        Assert.Equal(FixtureSample(1, 2048 + 1), image[5]);
    }

    [Fact]
    public void Evil_fixture_is_refused_and_runs_nothing()
    {
        File.Delete(Marker);
        string path = Fixture("evil_os_system.pkl");

        var e = Assert.Throws<DatasetFormatException>(() => Cifar10Pickle.Read(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("'system'", e.Message, StringComparison.Ordinal);
        Assert.Matches("'(os|posix|nt)' 'system'", e.Message);
        Assert.Contains("GLOBAL", e.Message, StringComparison.Ordinal);
        Assert.Contains("byte offset 16", e.Message, StringComparison.Ordinal);
        Assert.Equal(path, e.StorePath);
        Assert.False(File.Exists(Marker), "the evil pickle must not have run os.system");
    }

    [Fact]
    public void Truncated_fixture_is_refused_naming_the_file()
    {
        byte[] whole = File.ReadAllBytes(Fixture("p4.pkl"));
        string path = Write(whole.AsSpan(0, whole.Length / 2).ToArray());

        var e = Assert.Throws<DatasetFormatException>(() => Cifar10Pickle.Read(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    // ---- Reading what the Python 2 cPickle writer below makes (the layout of the real CIFAR-10 files) ----------

    [Theory]
    [InlineData(3, 1000)]
    [InlineData(5, 2)]
    [InlineData(1, 1000)]
    [InlineData(0, 1000)]
    public void Py2_cpickle_batch_reads_byte_exact(int count, int chunk)
    {
        var labels = Enumerable.Range(0, count).Select(i => (long)((i * 7) % 10)).ToArray();
        string path = Write(new Py2Batch { Count = count, Labels = labels, AppendsChunk = chunk }.Build());

        ImageBatch batch = Cifar10Pickle.Read(path);

        Assert.Equal(ImageShape.Cifar10, batch.Shape);
        Assert.Equal(labels.Select(l => (int)l), batch.Labels.ToArray());
        AssertPixels(batch, count, Py2Batch.Sample);
    }

    [Fact]
    public void Py2_cpickle_writer_matches_the_layout_of_the_real_files()
    {
        // The opening bytes of a 10,000-image batch as Python 2's cPickle (protocol 2, memo from 1) and numpy 1.x write
        // it, up to the BINSTRING length of the pixels: the layout of CIFAR-10's data_batch_1 … test_batch.
        byte[] expected = Encoding.Latin1.GetBytes(
            "\u0080\u0002}q\u0001(U\u0004dataq\u0002cnumpy.core.multiarray\u000a_reconstruct\u000aq\u0003cnumpy\u000andarray\u000aq\u0004K"
            + "\u0000\u0085U\u0001b\u0087Rq\u0005(K\u0001M\u0010'M\u0000\u000c\u0086cnumpy\u000adtype\u000aq\u0006U\u0002u1K\u0000K\u0001\u0087Rq\u0007(K\u0003U\u0001|NNNJ\u00ff\u00ff\u00ff\u00ffJ\u00ff\u00ff\u00ff\u00ffK\u0000tb\u0089T\u0000\u00c0\u00d4\u0001");

        byte[] written = new Py2Batch { Count = 10000, Labels = new long[10000] }.Build();

        Assert.Equal(expected, written.AsSpan(0, expected.Length).ToArray());
    }

    [Fact]
    public void Py2_cpickle_batch_of_real_size_reads()
    {
        const int count = 10000;
        var labels = Enumerable.Range(0, count).Select(i => (long)(i % 10)).ToArray();
        string path = Write(new Py2Batch { Count = count, Labels = labels }.Build());

        ImageBatch batch = Cifar10Pickle.Read(path);

        Assert.Equal(count, batch.Count);
        Assert.Equal(9, batch.Labels[9999]);
        foreach (int i in new[] { 0, 1, 4321, 9999 })
        {
            Span<byte> image = batch.Image(i);
            for (int p = 0; p < 1024; p += 37)
            {
                for (int c = 0; c < 3; c++)
                {
                    Assert.Equal(Py2Batch.Sample(i, (c * 1024) + p), image[(3 * p) + c]);
                }
            }
        }
    }

    [Fact]
    public void Py2_batch_with_bytes_and_str_keys_mixed_is_read()
    {
        var writer = new Py2Batch { Count = 2, Labels = [0, 9], UnicodeKeys = true };
        ImageBatch batch = Cifar10Pickle.Read(Write(writer.Build()));
        Assert.Equal([0, 9], batch.Labels);
    }

    // ---- Refusing what is not a CIFAR-10 batch ------------------------------------------------------------------

    [Theory]
    [InlineData("os", "system")]
    [InlineData("posix", "system")]
    [InlineData("builtins", "eval")]
    [InlineData("__builtin__", "eval")]
    [InlineData("subprocess", "Popen")]
    [InlineData("numpy", "load")]
    [InlineData("numpy.core.multiarray", "scalar")]
    [InlineData("numpy.core.multiarray", "_reconstruct\u0000")]
    public void Any_other_global_is_refused(string module, string name)
    {
        var batch = new Py2Batch { Count = 1, Labels = [1], Extra = w => w.Str("evil").Put().Global(module, name).Put().Str("touch " + Marker).Tuple1().Reduce().Put() };
        string path = Write(batch.Build());

        var e = Assert.Throws<DatasetFormatException>(() => Cifar10Pickle.Read(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains($"'{module}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("refused", e.Message, StringComparison.Ordinal);
        Assert.Contains("GLOBAL", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stack_global_of_builtins_eval_is_refused()
    {
        byte[] pickle = new PickleWriter().Proto(4).ShortUnicode("builtins").Memoize().ShortUnicode("eval").Memoize().Op(0x93)
            .ShortUnicode("__import__('os').system('touch " + Marker + "')").Tuple1().Reduce().Stop().ToArray();

        var e = Assert.Throws<DatasetFormatException>(() => RestrictedUnpickler.Load(pickle, "mem.pkl"));

        Assert.Contains("STACK_GLOBAL", e.Message, StringComparison.Ordinal);
        Assert.Contains("'builtins' 'eval'", e.Message, StringComparison.Ordinal);
        Assert.Contains("byte offset 20", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Marker));
    }

    [Theory]
    [InlineData((byte)'i', "INST")]
    [InlineData((byte)'o', "OBJ")]
    [InlineData((byte)0x81, "NEWOBJ")]
    [InlineData((byte)0x92, "NEWOBJ_EX")]
    [InlineData((byte)0x82, "EXT1")]
    [InlineData((byte)0x83, "EXT2")]
    [InlineData((byte)0x84, "EXT4")]
    [InlineData((byte)'P', "PERSID")]
    [InlineData((byte)'Q', "BINPERSID")]
    [InlineData((byte)'S', "STRING")]
    [InlineData((byte)'I', "INT")]
    [InlineData((byte)'d', "DICT")]
    [InlineData((byte)'l', "LIST")]
    [InlineData((byte)'2', "DUP")]
    [InlineData((byte)0x8f, "EMPTY_SET")]
    [InlineData((byte)0x97, "NEXT_BUFFER")]
    [InlineData((byte)0x98, "READONLY_BUFFER")]
    [InlineData((byte)0xff, "<unknown>")]
    public void Any_other_opcode_is_refused_naming_it_and_its_offset(byte opcode, string name)
    {
        byte[] pickle = new PickleWriter().Proto(2).EmptyDict().Op(opcode).Raw("os\nsystem\n"u8).Stop().ToArray();
        string path = Write(pickle);

        var e = Assert.Throws<DatasetFormatException>(() => Cifar10Pickle.Read(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains($"opcode {name} (0x{opcode:x2}", e.Message, StringComparison.Ordinal);
        Assert.Contains("byte offset 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("not allowed", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("i1")]
    [InlineData("f4")]
    [InlineData("<f8")]
    [InlineData("u2")]
    [InlineData("O")]
    public void Dtype_other_than_uint8_is_refused(string dtype)
    {
        string path = Write(new Py2Batch { Count = 2, Labels = [1, 2], DType = dtype }.Build());

        var e = Assert.Throws<DatasetFormatException>(() => Cifar10Pickle.Read(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains($"dtype '{dtype}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("uint8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fortran_order_is_refused()
    {
        string path = Write(new Py2Batch { Count = 2, Labels = [1, 2], Fortran = true }.Build());

        var e = Assert.Throws<DatasetFormatException>(() => Cifar10Pickle.Read(path));

        Assert.Contains("Fortran", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, 10)]
    [InlineData(0, -1)]
    [InlineData(4, 255)]
    [InlineData(1, 100000)]
    public void Label_out_of_range_is_refused_naming_the_image(int index, long label)
    {
        var labels = new long[] { 0, 1, 2, 3, 4 };
        labels[index] = label;
        string path = Write(new Py2Batch { Count = 5, Labels = labels }.Build());

        var e = Assert.Throws<DatasetFormatException>(() => Cifar10Pickle.Read(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains($"image {index}: label {label} is out of range", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_that_is_not_an_int_is_refused()
    {
        string path = Write(new Py2Batch { Count = 2, Labels = [2], LabelOverride = w => w.Str("cat") }.Build());

        var e = Assert.Throws<DatasetFormatException>(() => Cifar10Pickle.Read(path));

        Assert.Contains("image 0: the label is a bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_count_other_than_image_count_is_refused()
    {
        string path = Write(new Py2Batch { Count = 3, Labels = [1, 2] }.Build());

        var e = Assert.Throws<DatasetFormatException>(() => Cifar10Pickle.Read(path));

        Assert.Contains("'labels' holds 2 labels but 'data' holds 3 images", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3071)]
    [InlineData(3073)]
    [InlineData(1024)]
    public void Data_rows_other_than_3072_are_refused(int rowSize)
    {
        string path = Write(new Py2Batch { Count = 3, Labels = [1, 2, 3], RowSize = rowSize }.Build());

        var e = Assert.Throws<DatasetFormatException>(() => Cifar10Pickle.Read(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains($"'data' has shape (3, {rowSize})", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_of_another_rank_is_refused()
    {
        string path = Write(new Py2Batch { Count = 2, Labels = [1, 2], Shape = [2, 3, 32, 32] }.Build());

        var e = Assert.Throws<DatasetFormatException>(() => Cifar10Pickle.Read(path));

        Assert.Contains("'data' has shape (2, 3, 32, 32)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new long[] { 3, 3072 }, 2 * 3072)]
    [InlineData(new long[] { 2, 3072 }, (2 * 3072) + 1)]
    [InlineData(new long[] { 0x7fffffff, 0x7fffffff }, 3072)]
    [InlineData(new long[] { 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff }, 3072)]
    public void Data_length_other_than_the_shape_needs_is_refused(long[] shape, int bytes)
    {
        string path = Write(new Py2Batch { Count = 2, Labels = [1, 2], Shape = shape, DataLength = bytes }.Build());

        var e = Assert.Throws<DatasetFormatException>(() => Cifar10Pickle.Read(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("BUILD", e.Message, StringComparison.Ordinal);
        Assert.Contains("bytes of data", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_file_is_refused()
    {
        string path = Write([]);

        var e = Assert.Throws<DatasetFormatException>(() => Cifar10Pickle.Read(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_refused()
    {
        string path = _temp.Combine("no_such_batch");

        var e = Assert.Throws<DatasetFormatException>(() => Cifar10Pickle.Read(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hello, this is not a pickle")]
    [InlineData("\u0089PNG\r\n\u001a\n")]
    [InlineData("(dp0\nS'data'\np1\n")]
    public void Garbage_is_refused(string text)
    {
        string path = Write(Encoding.Latin1.GetBytes(text));

        var e = Assert.Throws<DatasetFormatException>(() => Cifar10Pickle.Read(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("not a pickle of protocol 2 to 5", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_garbage_after_proto_is_refused_and_never_hangs()
    {
        var random = new Random(20240601);
        for (int round = 0; round < 2000; round++)
        {
            var bytes = new byte[random.Next(2, 200)];
            random.NextBytes(bytes);
            bytes[0] = 0x80;
            bytes[1] = (byte)random.Next(2, 6);
            AssertRefusedOrRead(bytes);
        }
    }

    [Fact]
    public void Every_truncation_of_a_batch_is_refused()
    {
        byte[] whole = new Py2Batch { Count = 1, Labels = [7] }.Build();
        for (int length = 0; length < whole.Length; length++)
        {
            var e = Assert.Throws<DatasetFormatException>(() => Cifar10Pickle.Read(whole.AsMemory(0, length), "cut.pkl"));
            Assert.StartsWith("cut.pkl: ", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_truncation_of_each_fixture_is_refused()
    {
        foreach (string name in new[] { "py2style_p2.pkl", "p3.pkl", "p5.pkl" })
        {
            byte[] whole = File.ReadAllBytes(Fixture(name));
            for (int length = 0; length < whole.Length; length += 7)
            {
                Assert.Throws<DatasetFormatException>(() => Cifar10Pickle.Read(whole.AsMemory(0, length), name));
            }
        }
    }

    [Fact]
    public void Corrupted_bytes_give_a_batch_or_a_format_error_never_another_exception()
    {
        byte[] whole = new Py2Batch { Count = 2, Labels = [3, 4] }.Build();
        byte[] header = whole.AsSpan(0, 400).ToArray();
        var random = new Random(7);
        for (int round = 0; round < 5000; round++)
        {
            byte[] bytes = (byte[])whole.Clone();
            int flips = random.Next(1, 4);
            for (int f = 0; f < flips; f++)
            {
                // Mostly the structure (the first bytes and the tail), where a flip changes what the pickle means.
                int at = random.Next(3) == 0 ? random.Next(bytes.Length) : random.Next(2) == 0 ? random.Next(header.Length) : bytes.Length - 1 - random.Next(300);
                bytes[at] = (byte)random.Next(256);
            }

            AssertRefusedOrRead(bytes);
        }
    }

    // ---- The pickle machine itself ------------------------------------------------------------------------------

    [Fact]
    public void Memo_miss_is_refused()
    {
        byte[] pickle = new PickleWriter().Proto(2).EmptyDict().Put(0).Get(5).Stop().ToArray();

        var e = Assert.Throws<DatasetFormatException>(() => RestrictedUnpickler.Load(pickle, "mem.pkl"));

        Assert.Contains("BINGET", e.Message, StringComparison.Ordinal);
        Assert.Contains("memo entry 5", e.Message, StringComparison.Ordinal);
        Assert.Contains("byte offset 5", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 2, 0x86, (byte)'.' }, "TUPLE2")]
    [InlineData(new byte[] { 0x80, 2, (byte)']', (byte)'e', (byte)'.' }, "APPENDS")]
    [InlineData(new byte[] { 0x80, 2, (byte)'}', (byte)'N', (byte)'s', (byte)'.' }, "SETITEM")]
    [InlineData(new byte[] { 0x80, 2, (byte)'.' }, "STOP")]
    [InlineData(new byte[] { 0x80, 2, (byte)'N', (byte)'(', (byte)'a', (byte)'.' }, "APPEND")]
    [InlineData(new byte[] { 0x80, 2, (byte)'N', (byte)'N', (byte)'.' }, "STOP")]
    [InlineData(new byte[] { 0x80, 2, (byte)'(', (byte)'.' }, "STOP")]
    [InlineData(new byte[] { 0x80, 2, (byte)'q', 0 }, "BINPUT")]
    public void Stack_underflow_and_leftovers_are_refused(byte[] pickle, string opcode)
    {
        var e = Assert.Throws<DatasetFormatException>(() => RestrictedUnpickler.Load(pickle, "mem.pkl"));

        Assert.Contains($"opcode {opcode} ", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x8e)] // BINBYTES8
    [InlineData(0x96)] // BYTEARRAY8
    [InlineData(0x8d)] // BINUNICODE8
    [InlineData(0x95)] // FRAME
    public void Lying_eight_byte_length_is_refused_without_allocating(byte opcode)
    {
        var pickle = new byte[] { 0x80, 5, opcode, 0, 0, 0, 0, 0, 0, 0, 0x40, (byte)'N', (byte)'.' };

        var e = Assert.Throws<DatasetFormatException>(() => RestrictedUnpickler.Load(pickle, "mem.pkl"));

        Assert.Contains("byte offset 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("remain", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData((byte)'T', 0x7fffffffu)]
    [InlineData((byte)'T', 0x80000000u)]
    [InlineData((byte)'B', 0xffffffffu)]
    [InlineData((byte)'X', 0xfffffff0u)]
    [InlineData((byte)0x8b, 0x7fffffffu)]
    public void Lying_four_byte_length_is_refused(byte opcode, uint length)
    {
        var pickle = new byte[] { 0x80, 2, opcode, 0, 0, 0, 0, (byte)'N', (byte)'.' };
        BinaryPrimitives.WriteUInt32LittleEndian(pickle.AsSpan(3), length);

        var e = Assert.Throws<DatasetFormatException>(() => RestrictedUnpickler.Load(pickle, "mem.pkl"));

        Assert.Contains("byte offset 2", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(6)]
    public void Unsupported_protocol_is_refused(byte version)
    {
        var e = Assert.Throws<DatasetFormatException>(() => RestrictedUnpickler.Load(new byte[] { 0x80, version, (byte)'N', (byte)'.' }, "mem.pkl"));

        Assert.Contains($"protocol {version} is not supported", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_of_the_allowed_opcodes_are_read()
    {
        byte[] pickle = new PickleWriter().Proto(4).Op((byte)']').Op((byte)'(')
            .Int(-1).Int(200).Int(60000).Int(1L << 40).Int(-(1L << 40)).Op(0x88).Op(0x89).Op((byte)'N')
            .Op((byte)'G').Raw([0x3f, 0xf8, 0, 0, 0, 0, 0, 0])
            .ShortUnicode("héllo").Op((byte)')').Op((byte)'e').Stop().ToArray();

        object? value = RestrictedUnpickler.Load(pickle, "mem.pkl");

        var list = Assert.IsType<List<object?>>(value);
        Assert.Equal(new object?[] { -1L, 200L, 60000L, 1L << 40, -(1L << 40), true, false, null, 1.5, "héllo", Array.Empty<object?>() }, list);
    }

    [Fact]
    public void Deeply_nested_lists_do_not_overflow_the_stack()
    {
        var writer = new PickleWriter().Proto(2);
        for (int i = 0; i < 200_000; i++)
        {
            writer.Op((byte)']');
        }

        for (int i = 1; i < 200_000; i++)
        {
            writer.Op((byte)'a');
        }

        object? value = RestrictedUnpickler.Load(writer.Stop().ToArray(), "mem.pkl");
        Assert.IsType<List<object?>>(value);

        var e = Assert.Throws<DatasetFormatException>(() => Cifar10Pickle.Read(writer.ToArray(), "deep.pkl"));
        Assert.Contains("list, not the dict", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Codecs_encode_with_other_than_latin1_is_refused()
    {
        byte[] pickle = new PickleWriter().Proto(2).Global("_codecs", "encode").Unicode("abc").Unicode("utf-8").Tuple2().Reduce().Stop().ToArray();

        var e = Assert.Throws<DatasetFormatException>(() => RestrictedUnpickler.Load(pickle, "mem.pkl"));

        Assert.Contains("_codecs.encode", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Codecs_encode_of_a_char_beyond_latin1_is_refused()
    {
        byte[] pickle = new PickleWriter().Proto(2).Global("_codecs", "encode").Unicode("a\u0100").Unicode("latin1").Tuple2().Reduce().Stop().ToArray();

        var e = Assert.Throws<DatasetFormatException>(() => RestrictedUnpickler.Load(pickle, "mem.pkl"));

        Assert.Contains("U+0100", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Codecs_encode_latin1_gives_the_bytes()
    {
        byte[] pickle = new PickleWriter().Proto(2).Global("_codecs", "encode").Unicode("a\u00ff\u0000").Unicode("latin1").Tuple2().Reduce().Stop().ToArray();

        var bytes = Assert.IsType<PickleBytes>(RestrictedUnpickler.Load(pickle, "mem.pkl"));

        Assert.Equal(new byte[] { 0x61, 0xff, 0x00 }, bytes.Value.ToArray());
    }

    [Fact]
    public void Calling_an_allowed_type_directly_is_refused()
    {
        byte[] pickle = new PickleWriter().Proto(2).Global("numpy", "ndarray").Int(3).Tuple1().Reduce().Stop().ToArray();

        var e = Assert.Throws<DatasetFormatException>(() => RestrictedUnpickler.Load(pickle, "mem.pkl"));

        Assert.Contains("REDUCE", e.Message, StringComparison.Ordinal);
        Assert.Contains("numpy.ndarray", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_on_anything_but_an_array_or_dtype_is_refused()
    {
        byte[] pickle = new PickleWriter().Proto(2).EmptyDict().EmptyDict().Build().Stop().ToArray();

        var e = Assert.Throws<DatasetFormatException>(() => RestrictedUnpickler.Load(pickle, "mem.pkl"));

        Assert.Contains("opcode BUILD", e.Message, StringComparison.Ordinal);
        Assert.Contains("dict", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Root_that_is_not_a_dict_or_lacks_entries_is_refused()
    {
        byte[] noData = new PickleWriter().Proto(2).EmptyDict().Str("labels").EmptyList().Op((byte)'s').Stop().ToArray();
        byte[] noLabels = new Py2Batch { Count = 1, Labels = [1], OmitLabels = true }.Build();

        Assert.Contains("no 'data' entry", Assert.Throws<DatasetFormatException>(() => Cifar10Pickle.Read(noData, "x")).Message, StringComparison.Ordinal);
        Assert.Contains("no 'labels' entry", Assert.Throws<DatasetFormatException>(() => Cifar10Pickle.Read(noLabels, "x")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dict_keys_other_than_short_str_bytes_or_int_are_refused()
    {
        byte[] listKey = new PickleWriter().Proto(2).EmptyDict().EmptyList().Op((byte)'N').Op((byte)'s').Stop().ToArray();
        byte[] longKey = new PickleWriter().Proto(2).EmptyDict().Str(new byte[257]).Op((byte)'N').Op((byte)'s').Stop().ToArray();

        Assert.Contains("uses a list", Assert.Throws<DatasetFormatException>(() => RestrictedUnpickler.Load(listKey, "x")).Message, StringComparison.Ordinal);
        Assert.Contains("as a dict key", Assert.Throws<DatasetFormatException>(() => RestrictedUnpickler.Load(longKey, "x")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Codecs_encode_of_one_str_reused_many_times_is_refused()
    {
        var writer = new PickleWriter().Proto(2).Op((byte)']').Put(0).Global("_codecs", "encode").Put(1)
            .Unicode(new string('x', 10_000)).Put(2).Unicode("latin1").Put(3).Op((byte)'(');
        for (int i = 0; i < 100; i++)
        {
            writer.Get(1).Get(2).Get(3).Tuple2().Reduce();
        }

        byte[] pickle = writer.Op((byte)'e').Stop().ToArray();

        var e = Assert.Throws<DatasetFormatException>(() => RestrictedUnpickler.Load(pickle, "x"));

        Assert.Contains("more bytes in all than the file holds", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Array_of_more_than_64_dimensions_is_refused()
    {
        string path = Write(new Py2Batch { Count = 1, Labels = [1], Shape = [.. Enumerable.Repeat(1L, 65)], DataLength = 1 }.Build());

        var e = Assert.Throws<DatasetFormatException>(() => Cifar10Pickle.Read(path));

        Assert.Contains("65 dimensions", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Large_dict_and_memo_load_in_linear_time()
    {
        const int count = 300_000;
        var writer = new PickleWriter().Proto(2).EmptyDict().Op((byte)'(');
        for (int i = 0; i < count; i++)
        {
            // Keys and memo indices that are all multiples of a large power of two, to defeat naive hashing.
            writer.Int((long)i << 20).Op((byte)'N').Put(i << 8);
        }

        byte[] pickle = writer.Op((byte)'u').Stop().ToArray();

        object? value = await Task.Run(() => RestrictedUnpickler.Load(pickle, "x")).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(count, Assert.IsType<PickleDict>(value).Entries.Count);
    }

    // ---- Helpers ------------------------------------------------------------------------------------------------

    /// <summary>Sample j of image i in the Python fixtures (make_fixtures.py); the plane term keeps R, G and B apart.</summary>
    private static byte FixtureSample(int image, int j) => (byte)(((image * 31) + (j * 7) + ((j / 1024) * 101)) % 256);

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "cifar-pickle", name);

    /// <summary>Checks every byte: interleaved pixel (y, x), channel c of image i is planar sample c·1024 + y·32 + x.</summary>
    private static void AssertPixels(ImageBatch batch, int count, Func<int, int, byte> sample)
    {
        Assert.Equal(count, batch.Count);
        Assert.Equal(count * RowSize, batch.Pixels.Length);
        for (int i = 0; i < count; i++)
        {
            Span<byte> image = batch.Image(i);
            for (int y = 0; y < 32; y++)
            {
                for (int x = 0; x < 32; x++)
                {
                    for (int c = 0; c < 3; c++)
                    {
                        byte expected = sample(i, (c * 1024) + (y * 32) + x);
                        byte actual = image[(((y * 32) + x) * 3) + c];
                        if (expected != actual)
                        {
                            Assert.Fail($"image {i}, y {y}, x {x}, channel {c}: expected {expected}, read {actual}");
                        }
                    }
                }
            }
        }
    }

    private static void AssertRefusedOrRead(byte[] bytes)
    {
        try
        {
            ImageBatch batch = Cifar10Pickle.Read(bytes, "fuzz.pkl");
            Assert.Equal(ImageShape.Cifar10, batch.Shape);
        }
        catch (DatasetFormatException e)
        {
            Assert.StartsWith("fuzz.pkl: ", e.Message, StringComparison.Ordinal);
        }
    }

    private string Write(byte[] bytes)
    {
        string path = _temp.Combine("batch_" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>
    /// Writes a batch as Python 2's cPickle did at protocol 2 (the real CIFAR-10 files): a dict set with one
    /// MARK … SETITEMS, str keys as SHORT_BINSTRING, the array as numpy.core.multiarray._reconstruct + BUILD with its
    /// data in one BINSTRING, the dtype as numpy.dtype('u1', 0, 1) + BUILD, lists in APPENDS chunks.
    /// </summary>
    private sealed class Py2Batch
    {
        public int Count { get; init; } = 3;

        public long[] Labels { get; init; } = [];

        public int RowSize { get; init; } = Cifar10PickleTests.RowSize;

        public long[]? Shape { get; init; }

        public int? DataLength { get; init; }

        public string DType { get; init; } = "u1";

        public bool Fortran { get; init; }

        public int AppendsChunk { get; init; } = 1000;

        public bool UnicodeKeys { get; init; }

        public bool OmitLabels { get; init; }

        public Action<PickleWriter>? LabelOverride { get; init; }

        public Action<PickleWriter>? Extra { get; init; }

        public static byte Sample(int image, int j) => (byte)(((image * 13) + (j * 5) + 1) % 251);

        public byte[] Build()
        {
            var w = new PickleWriter();
            w.Proto(2).EmptyDict().Put().Mark();

            Key(w, "data");
            w.Global("numpy.core.multiarray", "_reconstruct").Put().Global("numpy", "ndarray").Put()
                .Int(0).Tuple1().Str("b").Tuple3().Reduce().Put()
                .Mark().Int(1);
            long[] shape = Shape ?? [Count, RowSize];
            w.TupleOf(shape);
            w.Global("numpy", "dtype").Put().Str(DType).Int(0).Int(1).Tuple3().Reduce().Put()
                .Mark().Int(3).Str("|").Op((byte)'N').Op((byte)'N').Op((byte)'N').Int(-1).Int(-1).Int(0).Tuple().Build()
                .Op(Fortran ? (byte)0x88 : (byte)0x89);
            var data = new byte[DataLength ?? Count * RowSize];
            for (int j = 0; j < data.Length; j++)
            {
                data[j] = Sample(j / RowSize, j % RowSize);
            }

            w.Str(data).Tuple().Build();

            if (!OmitLabels)
            {
                Key(w, "labels");
                w.EmptyList().Put();
                if (LabelOverride is not null)
                {
                    LabelOverride(w);
                    w.Op((byte)'a');
                }

                foreach (long[] chunk in Labels.Chunk(AppendsChunk))
                {
                    if (chunk.Length == 1)
                    {
                        w.Int(chunk[0]).Op((byte)'a');
                    }
                    else
                    {
                        w.Mark();
                        foreach (long label in chunk)
                        {
                            w.Int(label);
                        }

                        w.Op((byte)'e');
                    }
                }
            }

            Key(w, "batch_label");
            w.Str("training batch 1 of 5").Put();
            Key(w, "filenames");
            w.EmptyList().Put();
            foreach (int[] chunk in Enumerable.Range(0, Count).Chunk(AppendsChunk))
            {
                w.Mark();
                foreach (int i in chunk)
                {
                    w.Str($"image_{i}.png").Put();
                }

                w.Op((byte)'e');
            }

            Extra?.Invoke(w);
            return w.Op((byte)'u').Stop().ToArray();
        }

        private void Key(PickleWriter w, string key)
        {
            if (UnicodeKeys && key != "data")
            {
                w.Unicode(key).Put();
            }
            else
            {
                w.Str(key).Put();
            }
        }
    }

    /// <summary>Emits pickle opcodes; memo indices count from 1 as cPickle's did.</summary>
    private sealed class PickleWriter
    {
        private readonly List<byte> _bytes = [];
        private int _memo = 1;

        public PickleWriter Op(byte op)
        {
            _bytes.Add(op);
            return this;
        }

        public PickleWriter Raw(ReadOnlySpan<byte> bytes)
        {
            _bytes.AddRange(bytes);
            return this;
        }

        public PickleWriter Proto(byte version) => Op(0x80).Op(version);

        public PickleWriter Stop() => Op((byte)'.');

        public PickleWriter Mark() => Op((byte)'(');

        public PickleWriter EmptyDict() => Op((byte)'}');

        public PickleWriter EmptyList() => Op((byte)']');

        public PickleWriter Tuple() => Op((byte)'t');

        public PickleWriter Tuple1() => Op(0x85);

        public PickleWriter Tuple2() => Op(0x86);

        public PickleWriter Tuple3() => Op(0x87);

        /// <summary>A tuple of ints as cPickle wrote it: TUPLE1..3 for up to three items, else MARK … TUPLE.</summary>
        public PickleWriter TupleOf(long[] items)
        {
            if (items.Length is 0 or > 3)
            {
                Mark();
            }

            foreach (long item in items)
            {
                Int(item);
            }

            return items.Length switch
            {
                0 or > 3 => Tuple(),
                _ => Op((byte)(0x85 + items.Length - 1)),
            };
        }

        public PickleWriter Reduce() => Op((byte)'R');

        public PickleWriter Build() => Op((byte)'b');

        public PickleWriter Memoize() => Op(0x94);

        public PickleWriter Put() => Put(_memo++);

        public PickleWriter Put(int index) => index < 256 ? Op((byte)'q').Op((byte)index) : Op((byte)'r').UInt32((uint)index);

        public PickleWriter Get(int index) => index < 256 ? Op((byte)'h').Op((byte)index) : Op((byte)'j').UInt32((uint)index);

        public PickleWriter Int(long value)
        {
            if (value is >= 0 and < 256)
            {
                return Op((byte)'K').Op((byte)value);
            }

            if (value is >= 0 and < 65536)
            {
                Op((byte)'M');
                Span<byte> two = stackalloc byte[2];
                BinaryPrimitives.WriteUInt16LittleEndian(two, (ushort)value);
                return Raw(two);
            }

            if (value is >= int.MinValue and <= int.MaxValue)
            {
                return Op((byte)'J').UInt32(unchecked((uint)(int)value));
            }

            Span<byte> eight = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(eight, value);
            return Op(0x8a).Op(8).Raw(eight);
        }

        /// <summary>A Python 2 str: SHORT_BINSTRING below 256 bytes, else BINSTRING.</summary>
        public PickleWriter Str(string text) => Str(Encoding.ASCII.GetBytes(text));

        /// <inheritdoc cref="Str(string)"/>
        public PickleWriter Str(byte[] bytes) =>
            bytes.Length < 256 ? Op((byte)'U').Op((byte)bytes.Length).Raw(bytes) : Op((byte)'T').UInt32((uint)bytes.Length).Raw(bytes);

        public PickleWriter Unicode(string text)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(text);
            return Op((byte)'X').UInt32((uint)utf8.Length).Raw(utf8);
        }

        public PickleWriter ShortUnicode(string text)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(text);
            return Op(0x8c).Op((byte)utf8.Length).Raw(utf8);
        }

        public PickleWriter Global(string module, string name) => Op((byte)'c').Raw(Encoding.UTF8.GetBytes($"{module}\n{name}\n"));

        public byte[] ToArray() => _bytes.ToArray();

        private PickleWriter UInt32(uint value)
        {
            Span<byte> four = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(four, value);
            return Raw(four);
        }
    }
}
