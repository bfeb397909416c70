using System.Globalization;
using System.Text;

namespace ImageStorage.Png;

/// <summary>The labels file of a PNG store: a header line <c>id,label</c> then one line <c>id,label</c> per image, ids 0, 1, 2, … in order.</summary>
internal static class LabelsCsv
{
    public const string FileName = "labels.csv";
    private const string Header = "id,label";

    /// <summary>Reads and parses the labels file of the store in <paramref name="directory"/>.</summary>
    public static int[] Read(ImageStorage.IO.DirectoryHandle directory, int count)
    {
        string file = System.IO.Path.Combine(directory.Path, FileName);
        byte[] bytes = directory.ReadRequired(FileName);
        return Parse(bytes, count, file);
    }

    /// <summary>Parses the labels of the first <paramref name="count"/> images; <paramref name="file"/> names the file in errors.</summary>
    public static int[] Parse(ReadOnlySpan<byte> text, int count, string file)
    {
        var labels = new int[count];
        int line = 1;
        int newline = text.IndexOf((byte)'\n');
        if (newline < 0 || !text[..newline].TrimEnd((byte)'\r').SequenceEqual(Encoding.ASCII.GetBytes(Header)))
        {
            throw new CorruptStoreException(file, $"line 1: expected the header '{Header}'.");
        }

        text = text[(newline + 1)..];
        for (int id = 0; id < count; id++)
        {
            line++;
            if (text.IsEmpty)
            {
                throw new CorruptStoreException(file, $"has labels for {id} images; the store holds {count}.");
            }

            newline = text.IndexOf((byte)'\n');
            var row = newline < 0 ? text : text[..newline];
            text = newline < 0 ? default : text[(newline + 1)..];
            row = row.TrimEnd((byte)'\r');
            int comma = row.IndexOf((byte)',');
            if (comma < 0
                || !int.TryParse(row[..comma], NumberStyles.None, CultureInfo.InvariantCulture, out int rowId)
                || !int.TryParse(row[(comma + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int label))
            {
                throw new CorruptStoreException(file, $"line {line}: expected 'id,label' with two non-negative integers, found '{Encoding.ASCII.GetString(row)}'.");
            }

            if (rowId != id)
            {
                throw new CorruptStoreException(file, $"line {line}: expected id {id}, found {rowId}.");
            }

            labels[id] = label;
        }

        return labels;
    }

    /// <summary>Formats the labels as the file's bytes.</summary>
    public static byte[] Format(ReadOnlySpan<int> labels)
    {
        var builder = new StringBuilder(Header.Length + 1 + (labels.Length * 10));
        builder.Append(Header).Append('\n');
        for (int id = 0; id < labels.Length; id++)
        {
            builder.Append(id.ToString(CultureInfo.InvariantCulture)).Append(',').Append(labels[id].ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return Encoding.ASCII.GetBytes(builder.ToString());
    }
}
