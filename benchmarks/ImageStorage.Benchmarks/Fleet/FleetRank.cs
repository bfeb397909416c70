using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ImageStorage.Benchmarks.Running;
using ImageStorage.Loading;

namespace ImageStorage.Benchmarks.Fleet;

/// <summary>
/// One reader of the fleet benchmark, run as its own process (in a network namespace of its own): it opens the store,
/// says <c>ready</c>, waits for <c>go</c> on its input so every rank starts together, then reads its share of
/// block-random epochs through the loader, checking every image against the checksums of the images that were written,
/// and prints one JSON line: <see cref="FleetRankResult"/>.
/// </summary>
public static class FleetRank
{
    /// <summary>The command line: <c>--fleet-rank location rank world expected-checksums epochs cache-folder|- verify(0|1)</c>.</summary>
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length != 7)
        {
            throw new ArgumentException("usage: --fleet-rank <location> <rank> <world> <expected.crc32> <epochs> <cache folder, or -> <verify checksums: 0 or 1>");
        }

        string location = args[0];
        int rank = int.Parse(args[1], CultureInfo.InvariantCulture);
        int world = int.Parse(args[2], CultureInfo.InvariantCulture);
        var expected = FleetChecksums.Load(args[3]);
        int epochs = int.Parse(args[4], CultureInfo.InvariantCulture);
        var options = new StoreOptions { S3CacheFolder = args[5] == "-" ? null : args[5], VerifyChecksums = args[6] == "1" };

        using var store = ImageStores.Open(location, options);
        using var loader = new BatchLoader(store, new LoaderOptions
        {
            // Blocks of 64 neighbouring ids in random order, as shard-streaming loaders shuffle: a shard's block is one range GET.
            Order = LoaderOrder.BlockRandom,
            BlockSize = 64,
            Seed = 17,
            Rank = rank,
            WorldSize = world,
            Epochs = epochs,
            BatchSize = 256,
            Prefetch = 4,
        });
        Console.WriteLine("ready");
        if (Console.ReadLine() != "go")
        {
            return ExitCodes.BadInput;
        }

        var seconds = new double[epochs];
        long images = 0;
        long started = Stopwatch.GetTimestamp();
        long epochStarted = started;
        int epoch = 0;
        foreach (var batch in loader)
        {
            if (batch.Epoch != epoch)
            {
                seconds[epoch] = Stopwatch.GetElapsedTime(epochStarted).TotalSeconds;
                epochStarted = Stopwatch.GetTimestamp();
                epoch = batch.Epoch;
            }

            Check(batch, expected, location);
            images += batch.Count;
        }

        seconds[epoch] = Stopwatch.GetElapsedTime(epochStarted).TotalSeconds;
        var result = new FleetRankResult(rank, images, images * store.Shape.ByteCount, Stopwatch.GetElapsedTime(started).TotalSeconds, seconds);
        Console.WriteLine(JsonSerializer.Serialize(result));
        return ExitCodes.Success;
    }

    // The benchmark checks what it read: every image against the checksum of the image written under its id.
    private static void Check(LoaderBatch batch, uint[] expected, string location)
    {
        var bytes = batch.Bytes;
        int size = batch.Shape.ByteCount;
        for (int i = 0; i < batch.Count; i++)
        {
            int id = batch.Ids[i];
            if (ImageChecksum.Compute(bytes.Slice(i * size, size), batch.Labels[i]) != expected[id])
            {
                throw new InvalidDataException($"{location}: image {id} read back differs from the image written.");
            }
        }
    }
}

/// <summary>What one rank read: images and bytes in all, the seconds from go to its last batch, and each epoch's seconds.</summary>
/// <param name="Rank">The rank.</param>
/// <param name="Images">Images read, over every epoch.</param>
/// <param name="Bytes">Their pixel bytes.</param>
/// <param name="Seconds">From go to the last batch.</param>
/// <param name="EpochSeconds">Each epoch's seconds.</param>
public sealed record FleetRankResult(int Rank, long Images, long Bytes, double Seconds, double[] EpochSeconds);
