namespace ImageStorage.Tests.Stores;

/// <summary>The damage the LMDB and RocksDB tests do to one record of a six-image store, and what readers must then report.</summary>
public static class DamagedRecord
{
    /// <summary>The id of the damaged record.</summary>
    public const int Id = 4;

    /// <summary>The kinds of damage.</summary>
    public static TheoryData<string> Kinds() => new("bad-magic", "short-value", "wrong-shape", "missing");

    /// <summary>The stored value after <paramref name="damage"/>, or null when the record is to be removed.</summary>
    public static byte[]? Apply(byte[] value, string damage)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (damage)
        {
            case "bad-magic":
                value[0] = (byte)'X';
                return value;
            case "short-value":
                return value[..^10];
            case "wrong-shape":
                value[8] = 31;
                return value;
            default:
                return null;
        }
    }

    /// <summary>Asserts that every read of record <see cref="Id"/> of <paramref name="batch"/>'s store at <paramref name="path"/> names it, and that its neighbours still read.</summary>
    public static void AssertReported(string path, ImageBatch batch, string damage)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var store = ImageStores.Open(path);
        var buffer = new byte[store.Shape.ByteCount];
        var e = Assert.ThrowsAny<ImageStoreException>(() => store.Read(Id, buffer));
        Assert.Equal(Id, e.ImageId);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.IsType(damage == "missing" ? typeof(ImageNotFoundException) : typeof(CorruptStoreException), e);
        Assert.Equal(Id, Assert.ThrowsAny<ImageStoreException>(() => store.ReadAll()).ImageId);
        Assert.Equal([Id], store.Verify().BadImages.Select(b => b.Id));
        Assert.Equal(batch.Labels[Id - 1], store.Read(Id - 1, buffer));
    }
}
