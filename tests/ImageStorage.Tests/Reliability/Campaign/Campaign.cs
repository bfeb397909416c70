using System.Globalization;

namespace ImageStorage.Tests.Reliability.Campaign;

/// <summary>
/// The reliability campaign (tests/reliability-campaign.sh runs it; never part of <c>dotnet test</c>): kill -9 during
/// writes, reader processes beside a writer process, random corruption on disk. Each mode prints Markdown table rows.
/// </summary>
public static class Campaign
{
    /// <summary>The usage line for the campaign's modes.</summary>
    public const string Usage = "campaign kill KIND append|overwrite RUNS SEED | campaign concurrent KIND append|replace SECONDS | campaign corruption KIND CASES SEED | campaign corrupt-cases KIND SEED FIRST COUNT [keep]";

    /// <summary>Runs the campaign mode named by <paramref name="args"/> (after the word "campaign") and returns the exit code.</summary>
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: " + Usage);
            return 2;
        }

        var kind = Enum.Parse<StoreKind>(args[1]);
        switch (args[0])
        {
            case "kill":
                return KillCampaign.Run(kind, args[2], Number(args[3]), Number(args[4]));
            case "concurrent":
                return ConcurrentCampaign.Run(kind, args[2], args[3]);
            case "corruption":
                return CorruptionCampaign.Run(kind, Number(args[2]), Number(args[3]));
            case "corrupt-cases":
                return CorruptionCases.Run(kind, Number(args[2]), Number(args[3]), Number(args[4]), keep: args.Length > 5 && args[5] == "keep");
            default:
                Console.Error.WriteLine("usage: " + Usage);
                return 2;
        }
    }

    private static int Number(string text) => int.Parse(text, CultureInfo.InvariantCulture);
}
