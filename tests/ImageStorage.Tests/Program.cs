namespace ImageStorage.Tests;

/// <summary>The entry point when the tests run this assembly as a child process.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        ChildProcess.ExitWithParent();
        switch (args.FirstOrDefault())
        {
            case "write-forever":
                // Overwrites the store at args[2] image by image and never commits, reporting progress, until killed.
                var kind = Enum.Parse<StoreKind>(args[1]);
                var batch = TestImages.Batch(64, ImageShape.Cifar10, seed: 99);
                // Small S3 shards, so that an S3 shard writer has uploaded some by the time it is killed.
                using (var writer = ImageStores.Create(kind, args[2], ImageShape.Cifar10, new StoreOptions { Overwrite = true, S3ShardBytes = 64 << 10 }))
                {
                    // "Forever" until killed, but never past ~200 MB, should a test forget to kill it.
                    while (writer.Count < 64_000)
                    {
                        writer.AddMany(batch);
                        Console.WriteLine($"progress {writer.Count}");
                    }

                    // Then wait, uncommitted, to be killed: finishing would dispose the writer and clean up what the test looks for.
                    Thread.Sleep(Timeout.Infinite);
                    return 4;
                }

            case "append-uncommitted":
                // Appends to the store at args[1] and never commits, reporting progress, until killed.
                var uncommitted = TestImages.Batch(64, ImageShape.Cifar10, seed: 98);
                using (var appender = ImageStores.Append(args[1], new StoreOptions { S3ShardBytes = 64 << 10 }))
                {
                    while (appender.Count < 64_000)
                    {
                        appender.AddMany(uncommitted);
                        Console.WriteLine($"progress {appender.Count}");
                    }

                    Thread.Sleep(Timeout.Infinite); // as write-forever: killed, never disposed
                    return 4;
                }

            case "append-forever":
                // Appends the same 64 images to the store at args[2] and commits, again and again, until killed.
                var more = TestImages.Batch(64, ImageShape.Cifar10, seed: 99);
                while (true)
                {
                    using var appender = ImageStores.Append(args[2]);
                    appender.AddMany(more);
                    appender.Commit();
                    Console.WriteLine($"committed {appender.Count}");
                }

            case "read-checksum":
                // Reads the whole store at args[2] several times and prints a checksum of pixels and labels.
                using (var store = ImageStores.Open(args[2]))
                {
                    long sum = 0;
                    for (int round = 0; round < 20; round++)
                    {
                        var all = store.ReadAll();
                        sum = Checksum(all);
                    }

                    Console.WriteLine($"checksum {sum}");
                    return 0;
                }

            case "read-all":
                // Opens the store at args[1] and reads it whole; prints how many images it read, or the library's error.
                try
                {
                    using var opened = ImageStores.Open(args[1]);
                    Console.WriteLine($"read {opened.ReadAll().Count}");
                    return 0;
                }
                catch (ImageStoreException e)
                {
                    Console.WriteLine($"error {e.GetType().Name}: {e.Message}");
                    return 1;
                }

            case "stress-append":
                return Reliability.StressChild.Append(args[1], double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));

            case "stress-replace":
                return Reliability.StressChild.Replace(Enum.Parse<StoreKind>(args[1]), args[2], double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));

            case "stress-read":
                return Reliability.StressChild.Read(args[1], args[2], double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));

            case "sqlite-uncommitted":
                // Overwrites every row of the SQLite store at args[1] in a transaction that spills into the file and never commits, until killed.
                using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={args[1]};Pooling=False"))
                {
                    connection.Open();
                    using var command = connection.CreateCommand();
                    command.CommandText = "PRAGMA cache_size = 1; BEGIN; UPDATE images SET label = 0, pixels = zeroblob(length(pixels));";
                    command.ExecuteNonQuery();
                    Console.WriteLine("uncommitted");
                    Thread.Sleep(Timeout.Infinite);
                    return 1;
                }

            case "campaign":
                // The reliability campaign (tests/reliability-campaign.sh), never run by dotnet test.
                return Reliability.Campaign.Campaign.Run(args[1..]);

            default:
                Console.Error.WriteLine("usage: write-forever KIND PATH | append-uncommitted PATH | read-all PATH | append-forever KIND PATH | read-checksum KIND PATH | stress-append PATH SECONDS | stress-replace KIND PATH SECONDS | stress-read append|replace PATH SECONDS | sqlite-uncommitted PATH | " + Reliability.Campaign.Campaign.Usage);
                return 2;
        }
    }

    public static long Checksum(ImageBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        long sum = 17;
        foreach (byte b in batch.Pixels)
        {
            sum = (sum * 31) + b;
        }

        foreach (int label in batch.Labels)
        {
            sum = (sum * 31) + label;
        }

        return sum;
    }
}
