using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace ImageStorage.Datasets;

/// <summary>
/// A pickle reader (protocols 2–5) that never imports or calls anything named in the file. It knows only the
/// opcodes that pickled dicts of lists, strings, ints and uint8 numpy arrays use (the CIFAR-10 "python version"
/// batches, written by Python 2's cPickle or by Python 3's pickle), and only the globals numpy needs to rebuild a
/// uint8 array (<c>_reconstruct</c>, <c>ndarray</c>, <c>dtype</c>, <c>_frombuffer</c>) plus <c>_codecs.encode</c>.
/// Those globals become inert placeholders whose REDUCE and BUILD the reader carries out itself; any other
/// global or opcode, and any malformed stream, is a <see cref="DatasetFormatException"/>.
/// </summary>
/// <remarks>
/// Values are: <see langword="null"/> (None), <see cref="bool"/>, <see cref="long"/>, <see cref="double"/>,
/// <see cref="string"/> (str), <see cref="PickleBytes"/> (bytes, bytearray, Python 2 str), <see cref="List{T}"/>
/// of object (list), object?[] (tuple), <see cref="PickleDict"/> (dict), <see cref="PickleArray"/> (uint8 ndarray),
/// <see cref="PickleDType"/> and <see cref="PickleGlobal"/>. Byte strings are slices of the input, not copies;
/// every length read from the stream is checked against the bytes that remain before anything is allocated, and
/// work that the memo could repeat (dict keys, dtype codes, <c>_codecs.encode</c>, shapes) is bounded, so memory
/// and time stay in proportion to the input. The reader moves forward at least one byte per opcode and never
/// recurses, so it always ends.
/// </remarks>
internal sealed class RestrictedUnpickler
{
    /// <summary>The largest LONG4 integer (in bytes) read at all; CIFAR pickles hold none.</summary>
    private const int MaxLongBytes = 64;

    /// <summary>The longest str or bytes accepted as a dict key or as a short text argument (a dtype code, an encoding).</summary>
    internal const int MaxKeyLength = 256;

    /// <summary>The most dimensions an array may have (numpy's own limit).</summary>
    private const int MaxDimensions = 64;

    private const string AllowedGlobals =
        "only numpy's array and dtype reconstruction (numpy.core/_core.multiarray._reconstruct, numpy.ndarray, numpy.dtype, "
        + "numpy.core/_core.numeric._frombuffer) and _codecs.encode are allowed, and even those are never imported or called.";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlyMemory<byte> _data;
    private readonly string _path;
    private readonly List<object?> _stack = [];
    private readonly List<int> _marks = [];
    private readonly Dictionary<uint, object?> _memo = new(RandomizedComparer.Instance);
    private long _encodeBudget;
    private int _pos;
    private int _opStart;
    private byte _op;

    private RestrictedUnpickler(ReadOnlyMemory<byte> data, string path)
    {
        _data = data;
        _path = path;

        // _codecs.encode turns each char of a str read from the file into one byte; a str reused through the memo
        // could otherwise make many copies, so in all it may make no more bytes than the file holds.
        _encodeBudget = data.Length;
    }

    /// <summary>Reads the one object pickled in <paramref name="data"/>; <paramref name="path"/> names the file in errors.</summary>
    public static object? Load(ReadOnlyMemory<byte> data, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new RestrictedUnpickler(data, path).Run();
    }

    /// <summary>A short Python-like name of the type of <paramref name="value"/>, for error messages.</summary>
    public static string TypeName(object? value) => value switch
    {
        null => "None",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        PickleBytes => "bytes",
        List<object?> => "list",
        object?[] => "tuple",
        PickleDict => "dict",
        PickleArray => "numpy.ndarray",
        PickleDType => "numpy.dtype",
        PickleGlobal g => $"global {g.Module}.{g.Name}",
        _ => value.GetType().Name,
    };

    private object? Run()
    {
        ReadOnlySpan<byte> data = _data.Span;
        if (data.IsEmpty)
        {
            throw new DatasetFormatException(_path, "the file is empty, not a pickle.");
        }

        if (data[0] != Op.Proto)
        {
            throw new DatasetFormatException(
                _path,
                string.Create(CultureInfo.InvariantCulture, $"not a pickle of protocol 2 to 5: byte 0 is 0x{data[0]:x2}, not the PROTO opcode 0x80 those protocols start with."));
        }

        while (true)
        {
            if (_pos >= data.Length)
            {
                throw new DatasetFormatException(
                    _path,
                    string.Create(CultureInfo.InvariantCulture, $"the pickle ends at byte offset {_pos} without a STOP opcode: the file is truncated."));
            }

            _opStart = _pos;
            _op = data[_pos++];
            switch (_op)
            {
                case Op.Proto:
                    int version = ReadBytes(1)[0];
                    if (version is < 2 or > 5)
                    {
                        throw Fail($"pickle protocol {version} is not supported (only 2 to 5).");
                    }

                    break;
                case Op.Frame:
                    ulong frame = BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8));
                    if (frame > (ulong)(data.Length - _pos))
                    {
                        throw Fail($"declares a frame of {frame} bytes but only {data.Length - _pos} remain: the file is truncated.");
                    }

                    break;
                case Op.Stop:
                    return Stop();
                case Op.Mark:
                    _marks.Add(_stack.Count);
                    break;
                case Op.Memoize:
                    Memoize((uint)_memo.Count);
                    break;
                case Op.BinPut:
                    Memoize(ReadBytes(1)[0]);
                    break;
                case Op.LongBinPut:
                    Memoize(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)));
                    break;
                case Op.BinGet:
                    Recall(ReadBytes(1)[0]);
                    break;
                case Op.LongBinGet:
                    Recall(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)));
                    break;
                case Op.None:
                    _stack.Add(null);
                    break;
                case Op.NewTrue:
                    _stack.Add(true);
                    break;
                case Op.NewFalse:
                    _stack.Add(false);
                    break;
                case Op.BinInt:
                    _stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4)));
                    break;
                case Op.BinInt1:
                    _stack.Add((long)ReadBytes(1)[0]);
                    break;
                case Op.BinInt2:
                    _stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2)));
                    break;
                case Op.Long1:
                    _stack.Add(ReadLong(ReadBytes(ReadBytes(1)[0])));
                    break;
                case Op.Long4:
                    int longLength = BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4));
                    if (longLength is < 0 or > MaxLongBytes)
                    {
                        throw Fail($"an integer of {longLength} bytes is not supported (at most {MaxLongBytes}).");
                    }

                    _stack.Add(ReadLong(ReadBytes(longLength)));
                    break;
                case Op.BinFloat:
                    _stack.Add(BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8)));
                    break;
                case Op.ShortBinString:
                case Op.ShortBinBytes:
                    _stack.Add(new PickleBytes(ReadSlice(ReadBytes(1)[0])));
                    break;
                case Op.BinString:
                    int stringLength = BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4));
                    if (stringLength < 0)
                    {
                        throw Fail($"declares a negative length ({stringLength}).");
                    }

                    _stack.Add(new PickleBytes(ReadSlice((ulong)stringLength)));
                    break;
                case Op.BinBytes:
                    _stack.Add(new PickleBytes(ReadSlice(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)))));
                    break;
                case Op.BinBytes8:
                case Op.ByteArray8:
                    _stack.Add(new PickleBytes(ReadSlice(BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8)))));
                    break;
                case Op.ShortBinUnicode:
                    _stack.Add(ReadText(ReadBytes(1)[0]));
                    break;
                case Op.BinUnicode:
                    _stack.Add(ReadText(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))));
                    break;
                case Op.BinUnicode8:
                    _stack.Add(ReadText(BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8))));
                    break;
                case Op.EmptyTuple:
                    _stack.Add(Array.Empty<object?>());
                    break;
                case Op.Tuple1:
                case Op.Tuple2:
                case Op.Tuple3:
                    _stack.Add(PopMany(_op - Op.Tuple1 + 1));
                    break;
                case Op.Tuple:
                    _stack.Add(PopToMark());
                    break;
                case Op.EmptyList:
                    _stack.Add(new List<object?>());
                    break;
                case Op.EmptyDict:
                    _stack.Add(new PickleDict());
                    break;
                case Op.Append:
                    object? item = Pop();
                    PeekList().Add(item);
                    break;
                case Op.Appends:
                    object?[] items = PopToMark();
                    PeekList().AddRange(items);
                    break;
                case Op.SetItem:
                    object? value = Pop();
                    object? key = Pop();
                    PeekDict().Set(CheckKey(key), value);
                    break;
                case Op.SetItems:
                    SetItems();
                    break;
                case Op.Global:
                    string module = ReadLine();
                    string name = ReadLine();
                    _stack.Add(ResolveGlobal(module, name));
                    break;
                case Op.StackGlobal:
                    object? globalName = Pop();
                    object? globalModule = Pop();
                    if (globalModule is not string m || globalName is not string n)
                    {
                        throw Fail($"STACK_GLOBAL needs two str, found {TypeName(globalModule)} and {TypeName(globalName)}.");
                    }

                    _stack.Add(ResolveGlobal(m, n));
                    break;
                case Op.Reduce:
                    object? args = Pop();
                    object? callable = Pop();
                    _stack.Add(Reduce(callable, args));
                    break;
                case Op.Build:
                    object? state = Pop();
                    Build(Peek(), state);
                    break;
                default:
                    throw Fail(
                        $"is not allowed: this reader accepts only the opcodes of pickled dicts, lists, tuples, str, bytes, ints and numpy uint8 arrays; nothing in the file is executed.");
            }
        }
    }

    private object? Stop()
    {
        if (_marks.Count != 0 || _stack.Count != 1)
        {
            throw Fail($"STOP with {_stack.Count} values on the stack and {_marks.Count} open MARKs; a well-formed pickle leaves exactly one value.");
        }

        return _stack[0];
    }

    private ReadOnlySpan<byte> ReadBytes(int count)
    {
        ReadOnlySpan<byte> data = _data.Span;
        if (count > data.Length - _pos)
        {
            throw Fail($"needs {count} more bytes but only {data.Length - _pos} remain: the file is truncated.");
        }

        ReadOnlySpan<byte> bytes = data.Slice(_pos, count);
        _pos += count;
        return bytes;
    }

    private ReadOnlyMemory<byte> ReadSlice(ulong length)
    {
        int remaining = _data.Length - _pos;
        if (length > (ulong)remaining)
        {
            throw Fail($"declares {length} bytes of data but only {remaining} remain: the file is truncated or corrupt.");
        }

        ReadOnlyMemory<byte> slice = _data.Slice(_pos, (int)length);
        _pos += (int)length;
        return slice;
    }

    private string ReadText(ulong length)
    {
        ReadOnlyMemory<byte> bytes = ReadSlice(length);
        try
        {
            return StrictUtf8.GetString(bytes.Span);
        }
        catch (DecoderFallbackException e)
        {
            throw new DatasetFormatException(_path, $"{OpcodeAt()}: the string is not valid UTF-8.", e);
        }
    }

    private string ReadLine()
    {
        ReadOnlySpan<byte> rest = _data.Span[_pos..];
        int newline = rest.IndexOf((byte)'\n');
        if (newline < 0)
        {
            throw Fail($"needs a line ending in '\\n' but the file ends first: the file is truncated.");
        }

        _pos += newline + 1;
        try
        {
            return StrictUtf8.GetString(rest[..newline]);
        }
        catch (DecoderFallbackException e)
        {
            throw new DatasetFormatException(_path, $"{OpcodeAt()}: the name is not valid UTF-8.", e);
        }
    }

    private long ReadLong(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return 0;
        }

        var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        if (value < long.MinValue || value > long.MaxValue)
        {
            throw Fail($"holds an integer too large for this reader (more than 64 bits).");
        }

        return (long)value;
    }

    private object? Pop()
    {
        int floor = _marks.Count == 0 ? 0 : _marks[^1];
        if (_stack.Count <= floor)
        {
            throw Underflow();
        }

        object? value = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private object? Peek()
    {
        int floor = _marks.Count == 0 ? 0 : _marks[^1];
        if (_stack.Count <= floor)
        {
            throw Underflow();
        }

        return _stack[^1];
    }

    private DatasetFormatException Underflow() =>
        _stack.Count == 0
            ? Fail($"needs a value but the stack is empty (stack underflow).")
            : Fail($"needs a value but there is none above the last MARK (stack underflow).");

    private object?[] PopMany(int count)
    {
        int floor = _marks.Count == 0 ? 0 : _marks[^1];
        if (_stack.Count - floor < count)
        {
            throw Fail($"needs {count} values but the stack holds {_stack.Count - floor} (stack underflow).");
        }

        object?[] values = _stack.GetRange(_stack.Count - count, count).ToArray();
        _stack.RemoveRange(_stack.Count - count, count);
        return values;
    }

    private object?[] PopToMark()
    {
        if (_marks.Count == 0)
        {
            throw Fail($"needs a MARK but none is open (stack underflow).");
        }

        int mark = _marks[^1];
        _marks.RemoveAt(_marks.Count - 1);
        object?[] values = _stack.GetRange(mark, _stack.Count - mark).ToArray();
        _stack.RemoveRange(mark, _stack.Count - mark);
        return values;
    }

    private List<object?> PeekList()
    {
        object? top = Peek();
        return top as List<object?> ?? throw Fail($"appends to a {TypeName(top)}; only lists are accepted.");
    }

    private PickleDict PeekDict()
    {
        object? top = Peek();
        return top as PickleDict ?? throw Fail($"sets items of a {TypeName(top)}; only dicts are accepted.");
    }

    private void SetItems()
    {
        object?[] items = PopToMark();
        if (items.Length % 2 != 0)
        {
            throw Fail($"has {items.Length} values after its MARK; keys and values must pair up.");
        }

        PickleDict dict = PeekDict();
        for (int i = 0; i < items.Length; i += 2)
        {
            dict.Set(CheckKey(items[i]), items[i + 1]);
        }
    }

    private object CheckKey(object? key) => key switch
    {
        string { Length: <= MaxKeyLength } s => s,
        PickleBytes b when b.Value.Length <= MaxKeyLength => b,
        long n => n,
        _ => throw Fail($"uses a {TypeName(key)} (or one longer than {MaxKeyLength}) as a dict key; only short str, bytes and int keys are accepted."),
    };

    private void Memoize(uint index)
    {
        _memo[index] = Peek();
    }

    private void Recall(uint index)
    {
        if (!_memo.TryGetValue(index, out object? value))
        {
            throw Fail($"refers to memo entry {index}, which was never stored (memo miss).");
        }

        _stack.Add(value);
    }

    private PickleGlobal ResolveGlobal(string module, string name)
    {
        GlobalKind? kind = (module, name) switch
        {
            ("numpy.core.multiarray" or "numpy._core.multiarray", "_reconstruct") => GlobalKind.Reconstruct,
            ("numpy", "ndarray") => GlobalKind.NdArray,
            ("numpy", "dtype") => GlobalKind.DType,
            ("numpy.core.numeric" or "numpy._core.numeric", "_frombuffer") => GlobalKind.FromBuffer,
            ("_codecs", "encode") => GlobalKind.CodecsEncode,
            _ => null,
        };
        if (kind is null)
        {
            throw Fail($"refers to the global '{Printable(module)}' '{Printable(name)}', which is refused: {AllowedGlobals}");
        }

        return new PickleGlobal(kind.Value, module, name);
    }

    private object Reduce(object? callable, object? args)
    {
        if (callable is not PickleGlobal global)
        {
            throw Fail($"calls a {TypeName(callable)}; only the allowed numpy and _codecs globals can be reduced.");
        }

        if (args is not object?[] a)
        {
            throw Fail($"calls {global.Module}.{global.Name} with a {TypeName(args)} of arguments, not a tuple.");
        }

        switch (global.Kind)
        {
            case GlobalKind.Reconstruct:
                // numpy.core.multiarray._reconstruct(numpy.ndarray, (0,), b'b'): an empty array that BUILD fills in.
                if (a.Length != 3 || a[0] is not PickleGlobal { Kind: GlobalKind.NdArray } || a[1] is not object?[] || AsText(a[2]) is null)
                {
                    throw Fail($"calls {global.Module}._reconstruct with arguments other than (numpy.ndarray, shape, typecode).");
                }

                return new PickleArray(_opStart);
            case GlobalKind.DType:
                // numpy.dtype('u1', align, copy), then BUILD with the dtype state.
                if (a.Length != 3 || AsText(a[0]) is not string code || a[1] is not (bool or long) || a[2] is not (bool or long))
                {
                    throw Fail($"calls numpy.dtype with arguments other than (typestring, align, copy).");
                }

                if (code is not ("u1" or "|u1" or "uint8"))
                {
                    throw Fail($"makes a numpy dtype '{Printable(code)}', which is refused: only uint8 ('u1') arrays are supported.");
                }

                return new PickleDType(code);
            case GlobalKind.FromBuffer:
                // numpy.core.numeric._frombuffer(buffer, dtype, shape, order): protocol 5's in-band form.
                if (a.Length != 4 || a[0] is not PickleBytes buffer || a[1] is not PickleDType dtype || AsText(a[3]) is not string order)
                {
                    throw Fail($"calls {global.Module}._frombuffer with arguments other than (buffer, dtype, shape, order).");
                }

                if (order != "C")
                {
                    throw Fail($"makes an array of order '{Printable(order)}', which is refused: only C (row-major) order is supported.");
                }

                var array = new PickleArray(_opStart);
                array.Fill(ReadShape(a[2]), dtype, buffer, this);
                return array;
            case GlobalKind.CodecsEncode:
                // _codecs.encode(str, 'latin1'): how Python 3 writes bytes at protocol 2.
                if (a.Length != 2 || a[0] is not string text || AsText(a[1]) is not ("latin1" or "latin-1"))
                {
                    throw Fail($"calls _codecs.encode with arguments other than (str, 'latin1').");
                }

                return new PickleBytes(Latin1(text));
            default:
                throw Fail($"calls {global.Module}.{global.Name}, which is allowed only as an argument, never called.");
        }
    }

    private byte[] Latin1(string text)
    {
        _encodeBudget -= text.Length;
        if (_encodeBudget < 0)
        {
            throw Fail($"encodes more bytes in all than the file holds; a pickle reusing one str that often is refused.");
        }

        var bytes = new byte[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] > 0xFF)
            {
                throw Fail($"encodes U+{(int)text[i]:X4} as latin1, which cannot hold it.");
            }

            bytes[i] = (byte)text[i];
        }

        return bytes;
    }

    private void Build(object? target, object? state)
    {
        switch (target)
        {
            case PickleDType { HasState: false } dtype:
                // (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata])
                if (state is not object?[] { Length: >= 8 } s || s[0] is not long || AsText(s[1]) is not string order)
                {
                    throw Fail($"gives dtype '{dtype.Code}' a state other than (version, byteorder, subarray, names, fields, ...).");
                }

                if (order is not ("|" or "<" or ">" or "=") || s[2] is not null || s[3] is not null || s[4] is not null)
                {
                    throw Fail($"gives dtype '{dtype.Code}' byte order '{Printable(order)}' or a subarray or fields; only plain uint8 is supported.");
                }

                dtype.HasState = true;
                break;
            case PickleArray { IsFilled: false } array:
                // ([version,] shape, dtype, is_fortran, raw data)
                object?[] t = state as object?[] ?? throw Fail($"gives an array a {TypeName(state)} as state, not a tuple.");
                if (t.Length == 5 && t[0] is long)
                {
                    t = t[1..];
                }

                if (t.Length != 4 || t[1] is not PickleDType arrayType || t[2] is not (bool or long))
                {
                    throw Fail($"gives an array a state other than (version, shape, dtype, is_fortran, data).");
                }

                if (t[2] is true || (t[2] is long fortran && fortran != 0))
                {
                    throw Fail($"gives an array Fortran (column-major) order, which is refused: only C order is supported.");
                }

                if (t[3] is not PickleBytes raw)
                {
                    throw Fail($"gives an array its data as a {TypeName(t[3])}, not bytes; object arrays are refused.");
                }

                array.Fill(ReadShape(t[0]), arrayType, raw, this);
                break;
            default:
                throw Fail($"sets the state of a {TypeName(target)}, which is refused: only numpy arrays and dtypes are built.");
        }
    }

    private long[] ReadShape(object? value)
    {
        if (value is not object?[] dims)
        {
            throw Fail($"gives an array shape as a {TypeName(value)}, not a tuple.");
        }

        if (dims.Length > MaxDimensions)
        {
            throw Fail($"gives an array {dims.Length} dimensions; numpy allows at most {MaxDimensions}.");
        }

        var shape = new long[dims.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] is not long d || d < 0)
            {
                throw Fail($"gives an array a shape whose dimension {i} is not a non-negative int.");
            }

            shape[i] = d;
        }

        return shape;
    }

    private static string? AsText(object? value) => value switch
    {
        string s => s,
        PickleBytes b when b.Value.Length <= MaxKeyLength => Encoding.Latin1.GetString(b.Value.Span),
        _ => null,
    };

    /// <summary>At most 80 characters of <paramref name="text"/>, control characters escaped, for messages.</summary>
    internal static string Printable(string text)
    {
        var builder = new StringBuilder();
        foreach (char c in text.Length > 80 ? text[..80] : text)
        {
            if (char.IsControl(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return text.Length > 80 ? builder.Append('…').ToString() : builder.ToString();
    }

    private string OpcodeAt()
    {
        string name = Op.Name(_op);
        string shown = _op is >= 0x20 and < 0x7F ? $" '{(char)_op}'" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"opcode {name} (0x{_op:x2}{shown}) at byte offset {_opStart}");
    }

    /// <summary>A format error about the opcode being read, naming it and its byte offset.</summary>
    internal DatasetFormatException Fail(FormattableString message) =>
        new(_path, OpcodeAt() + " " + message.ToString(CultureInfo.InvariantCulture));

    /// <summary>The opcodes of pickle protocols 0–5, with their names for messages.</summary>
    private static class Op
    {
        public const byte Mark = (byte)'(';
        public const byte Stop = (byte)'.';
        public const byte BinInt = (byte)'J';
        public const byte BinInt1 = (byte)'K';
        public const byte BinInt2 = (byte)'M';
        public const byte None = (byte)'N';
        public const byte Reduce = (byte)'R';
        public const byte BinString = (byte)'T';
        public const byte ShortBinString = (byte)'U';
        public const byte BinUnicode = (byte)'X';
        public const byte Append = (byte)'a';
        public const byte Build = (byte)'b';
        public const byte Global = (byte)'c';
        public const byte EmptyDict = (byte)'}';
        public const byte Appends = (byte)'e';
        public const byte BinGet = (byte)'h';
        public const byte LongBinGet = (byte)'j';
        public const byte EmptyList = (byte)']';
        public const byte BinPut = (byte)'q';
        public const byte LongBinPut = (byte)'r';
        public const byte SetItem = (byte)'s';
        public const byte Tuple = (byte)'t';
        public const byte EmptyTuple = (byte)')';
        public const byte SetItems = (byte)'u';
        public const byte BinFloat = (byte)'G';
        public const byte Proto = 0x80;
        public const byte Tuple1 = 0x85;
        public const byte Tuple2 = 0x86;
        public const byte Tuple3 = 0x87;
        public const byte NewTrue = 0x88;
        public const byte NewFalse = 0x89;
        public const byte Long1 = 0x8a;
        public const byte Long4 = 0x8b;
        public const byte BinBytes = (byte)'B';
        public const byte ShortBinBytes = (byte)'C';
        public const byte ShortBinUnicode = 0x8c;
        public const byte BinUnicode8 = 0x8d;
        public const byte BinBytes8 = 0x8e;
        public const byte StackGlobal = 0x93;
        public const byte Memoize = 0x94;
        public const byte Frame = 0x95;
        public const byte ByteArray8 = 0x96;

        public static string Name(byte op) => op switch
        {
            Mark => "MARK",
            Stop => "STOP",
            (byte)'0' => "POP",
            (byte)'1' => "POP_MARK",
            (byte)'2' => "DUP",
            (byte)'F' => "FLOAT",
            (byte)'I' => "INT",
            BinInt => "BININT",
            BinInt1 => "BININT1",
            (byte)'L' => "LONG",
            BinInt2 => "BININT2",
            None => "NONE",
            (byte)'P' => "PERSID",
            (byte)'Q' => "BINPERSID",
            Reduce => "REDUCE",
            (byte)'S' => "STRING",
            BinString => "BINSTRING",
            ShortBinString => "SHORT_BINSTRING",
            (byte)'V' => "UNICODE",
            BinUnicode => "BINUNICODE",
            Append => "APPEND",
            Build => "BUILD",
            Global => "GLOBAL",
            (byte)'d' => "DICT",
            EmptyDict => "EMPTY_DICT",
            Appends => "APPENDS",
            (byte)'g' => "GET",
            BinGet => "BINGET",
            (byte)'i' => "INST",
            LongBinGet => "LONG_BINGET",
            (byte)'l' => "LIST",
            EmptyList => "EMPTY_LIST",
            (byte)'o' => "OBJ",
            (byte)'p' => "PUT",
            BinPut => "BINPUT",
            LongBinPut => "LONG_BINPUT",
            SetItem => "SETITEM",
            Tuple => "TUPLE",
            EmptyTuple => "EMPTY_TUPLE",
            SetItems => "SETITEMS",
            BinFloat => "BINFLOAT",
            Proto => "PROTO",
            0x81 => "NEWOBJ",
            0x82 => "EXT1",
            0x83 => "EXT2",
            0x84 => "EXT4",
            Tuple1 => "TUPLE1",
            Tuple2 => "TUPLE2",
            Tuple3 => "TUPLE3",
            NewTrue => "NEWTRUE",
            NewFalse => "NEWFALSE",
            Long1 => "LONG1",
            Long4 => "LONG4",
            BinBytes => "BINBYTES",
            ShortBinBytes => "SHORT_BINBYTES",
            ShortBinUnicode => "SHORT_BINUNICODE",
            BinUnicode8 => "BINUNICODE8",
            BinBytes8 => "BINBYTES8",
            0x8f => "EMPTY_SET",
            0x90 => "ADDITEMS",
            0x91 => "FROZENSET",
            0x92 => "NEWOBJ_EX",
            StackGlobal => "STACK_GLOBAL",
            Memoize => "MEMOIZE",
            Frame => "FRAME",
            ByteArray8 => "BYTEARRAY8",
            0x97 => "NEXT_BUFFER",
            0x98 => "READONLY_BUFFER",
            _ => "<unknown>",
        };
    }
}

/// <summary>The globals the reader allows.</summary>
internal enum GlobalKind
{
    /// <summary><c>numpy.core.multiarray._reconstruct</c> (or <c>numpy._core…</c>).</summary>
    Reconstruct,

    /// <summary><c>numpy.ndarray</c>.</summary>
    NdArray,

    /// <summary><c>numpy.dtype</c>.</summary>
    DType,

    /// <summary><c>numpy.core.numeric._frombuffer</c> (or <c>numpy._core…</c>).</summary>
    FromBuffer,

    /// <summary><c>_codecs.encode</c>.</summary>
    CodecsEncode,
}

/// <summary>An allowed global, kept as an inert name; the reader interprets REDUCE on it itself.</summary>
internal sealed class PickleGlobal
{
    public PickleGlobal(GlobalKind kind, string module, string name)
    {
        Kind = kind;
        Module = module;
        Name = name;
    }

    /// <summary>Which allowed global this is.</summary>
    public GlobalKind Kind { get; }

    /// <summary>The module the pickle named.</summary>
    public string Module { get; }

    /// <summary>The name the pickle named.</summary>
    public string Name { get; }
}

/// <summary>A pickled byte string: bytes, bytearray or a Python 2 str; a slice of the input, not a copy.</summary>
internal sealed class PickleBytes
{
    public PickleBytes(ReadOnlyMemory<byte> value)
    {
        Value = value;
    }

    /// <summary>The bytes.</summary>
    public ReadOnlyMemory<byte> Value { get; }
}

/// <summary>A pickled dict with short str, bytes or int keys, kept in insertion order; setting an equal key replaces its value.</summary>
internal sealed class PickleDict
{
    private readonly List<KeyValuePair<object, object?>> _entries = [];
    private readonly Dictionary<object, int> _index = new(RandomizedComparer.Instance);

    /// <summary>The entries in the order their keys were first set.</summary>
    public IReadOnlyList<KeyValuePair<object, object?>> Entries => _entries;

    /// <summary>Looks up the entry whose key is the str <paramref name="key"/> or its Latin-1 bytes (Python 2 pickles use bytes keys).</summary>
    public bool TryGetValue(string key, out object? value)
    {
        if (_index.TryGetValue(key, out int i)
            || (key.Length <= RestrictedUnpickler.MaxKeyLength && _index.TryGetValue(new PickleBytes(Encoding.Latin1.GetBytes(key)), out i)))
        {
            value = _entries[i].Value;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>Sets <paramref name="key"/> (a str, <see cref="PickleBytes"/> or long) to <paramref name="value"/>.</summary>
    public void Set(object key, object? value)
    {
        if (_index.TryGetValue(key, out int i))
        {
            _entries[i] = new(_entries[i].Key, value);
        }
        else
        {
            _index.Add(key, _entries.Count);
            _entries.Add(new(key, value));
        }
    }
}

/// <summary>
/// Equality of dict keys and memo indices (str by ordinal, bytes by content, ints by value) with per-process
/// randomized hashes, so a crafted file cannot pile its keys into one bucket.
/// </summary>
internal sealed class RandomizedComparer : IEqualityComparer<object>, IEqualityComparer<uint>
{
    /// <summary>The one instance.</summary>
    public static readonly RandomizedComparer Instance = new();

    /// <inheritdoc />
    public new bool Equals(object? x, object? y) => (x, y) switch
    {
        (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
        (PickleBytes a, PickleBytes b) => a.Value.Span.SequenceEqual(b.Value.Span),
        (long a, long b) => a == b,
        _ => false,
    };

    /// <inheritdoc />
    public int GetHashCode(object obj) => obj switch
    {
        string s => StringComparer.Ordinal.GetHashCode(s),
        PickleBytes b => BytesHash(b.Value.Span),
        long n => HashCode.Combine(n),
        _ => 0,
    };

    /// <inheritdoc />
    public bool Equals(uint x, uint y) => x == y;

    /// <inheritdoc />
    public int GetHashCode(uint obj) => HashCode.Combine(obj);

    private static int BytesHash(ReadOnlySpan<byte> bytes)
    {
        var hash = default(HashCode);
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }
}

/// <summary>A numpy dtype placeholder; the reader only ever makes uint8 ones.</summary>
internal sealed class PickleDType
{
    public PickleDType(string code)
    {
        Code = code;
    }

    /// <summary>The type string the pickle gave, such as <c>u1</c>.</summary>
    public string Code { get; }

    /// <summary>Whether BUILD has set the dtype's state.</summary>
    public bool HasState { get; set; }
}

/// <summary>A uint8 numpy array in C order: its shape and its raw bytes (a slice of the input where possible).</summary>
internal sealed class PickleArray
{
    public PickleArray(int offset)
    {
        Offset = offset;
    }

    /// <summary>The byte offset of the opcode that made the array, for messages.</summary>
    public int Offset { get; }

    /// <summary>Whether shape and data have been set (by BUILD, or by <c>_frombuffer</c>).</summary>
    public bool IsFilled { get; private set; }

    /// <summary>The dimensions.</summary>
    public long[] Shape { get; private set; } = [];

    /// <summary>The dtype.</summary>
    public PickleDType? DType { get; private set; }

    /// <summary>The elements, row-major, one byte each.</summary>
    public ReadOnlyMemory<byte> Data { get; private set; }

    /// <summary>Sets shape, dtype and data, checking that the data holds exactly the elements the shape needs.</summary>
    public void Fill(long[] shape, PickleDType dtype, PickleBytes data, RestrictedUnpickler reader)
    {
        long elements = shape.Contains(0) ? 0 : 1;
        foreach (long d in elements == 0 ? [] : shape)
        {
            // Stop multiplying once the product passes the data length: no overflow, and it cannot match anyway.
            if (elements > data.Value.Length / d)
            {
                throw reader.Fail($"gives a uint8 array of shape {FormatShape(shape)} only {data.Value.Length} bytes of data.");
            }

            elements *= d;
        }

        if (elements != data.Value.Length)
        {
            throw reader.Fail($"gives a uint8 array of shape {FormatShape(shape)} ({elements} elements) {data.Value.Length} bytes of data.");
        }

        Shape = shape;
        DType = dtype;
        Data = data.Value;
        IsFilled = true;
    }

    /// <summary>The shape as Python writes it, e.g. <c>(10000, 3072)</c>.</summary>
    public static string FormatShape(long[] shape) =>
        shape.Length == 1
            ? string.Create(CultureInfo.InvariantCulture, $"({shape[0]},)")
            : "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")";
}
