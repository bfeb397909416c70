using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ImageStorage.IO;
using Spectre.Console;

namespace ImageStorage.Cli.Commands;

/// <summary>imagestore info: what a store is — kind (detected), count, shape, encoding, checksums, labels, disk usage — as a table or JSON.</summary>
internal static class InfoCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create()
    {
        var store = CommandOptions.Store("A store of any kind (detected).");
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("info", "Show a store's kind, count, shape, encoding, checksums, label histogram and disk usage.") { store, json };
        command.SetAction(parse => Run(parse.GetRequiredValue(store), parse.GetValue(json)));
        return command;
    }

    private static int Run(string path, bool json)
    {
        StoreInfo info;
        using (var store = CommandOptions.OpenStore(path))
        {
            info = new StoreInfo(store.Path, store.Kind.ToString(), store.Count, store.Shape.Height, store.Shape.Width, store.Shape.Channels,
                store.Encoding.ToString(), store.HasChecksums, DiskUsage.AllocatedBytes(store.Path), Histogram(store), store.ClassNames);
        }

        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(info, Json));
            return ExitCodes.Success;
        }

        var table = new Table().AddColumns("property", "value").HideHeaders();
        table.AddRow("path", Markup.Escape(info.Path));
        table.AddRow("kind", info.Kind);
        table.AddRow("images", info.Count.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("shape", $"{info.Height}x{info.Width}x{info.Channels} (height x width x channels)");
        table.AddRow("encoding", info.Encoding);
        table.AddRow("checksums", info.Checksums ? $"yes ({ImageChecksum.Algorithm} per image)" : "no (written before checksums existed)");
        table.AddRow("disk usage", $"{info.DiskBytes:N0} bytes allocated");
        table.AddRow("labels", string.Join(", ", info.Labels.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Key}{ClassName(info, l.Key)}: {l.Value:N0}"))));
        AnsiConsole.Write(table);
        return ExitCodes.Success;
    }

    private static string ClassName(StoreInfo info, int label) =>
        info.Classes is { } classes && label < classes.Count ? $" ({Markup.Escape(classes[label])})" : string.Empty;

    // Labels come with their images: the store is read in ranges, which every kind serves.
    private static SortedDictionary<int, int> Histogram(IImageStore store)
    {
        var counts = new SortedDictionary<int, int>();
        int chunk = Math.Clamp((16 << 20) / store.Shape.ByteCount, 1, Math.Max(1, store.Count));
        var buffer = ImageBatch.Allocate(store.Shape, Math.Min(chunk, store.Count));
        for (int start = 0; start < store.Count; start += chunk)
        {
            var part = buffer.Slice(0, Math.Min(chunk, store.Count - start));
            store.ReadRange(start, part);
            foreach (int label in part.Labels)
            {
                counts[label] = counts.GetValueOrDefault(label) + 1;
            }
        }

        return counts;
    }

    /// <summary>What info prints.</summary>
    private sealed record StoreInfo(string Path, string Kind, int Count, int Height, int Width, int Channels, string Encoding, bool Checksums, long DiskBytes, SortedDictionary<int, int> Labels, IReadOnlyList<string>? Classes);
}
