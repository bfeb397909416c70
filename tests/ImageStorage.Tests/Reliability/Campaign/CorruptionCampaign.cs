namespace ImageStorage.Tests.Reliability.Campaign;

/// <summary>
/// Part c's driver: runs the cases in child processes (see <see cref="CorruptionCases"/>), counts a child that dies or
/// hangs mid-case as a crash of that case and carries on with the next, and prints the kind's table rows.
/// </summary>
public static class CorruptionCampaign
{
    // A case that prints nothing for this long is a hang (counted as a crash).
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(120);

    /// <summary>Runs <paramref name="cases"/> seeded corruptions of <paramref name="kind"/>; bad cases go to stderr with a reproducer.</summary>
    public static int Run(StoreKind kind, int cases, int seed)
    {
        var results = new List<(string Outcome, string Verify, string Type, string Line)>();
        for (int next = 0; next < cases;)
        {
            using var child = ChildProcess.Start("campaign", "corrupt-cases", kind.ToString(), $"{seed}", $"{next}", $"{cases - next}");
            var error = child.StandardError.ReadToEndAsync();
            int started = -1;
            string damage = "-", step = "-";
            bool hung = false;
            while (true)
            {
                var read = child.StandardOutput.ReadLineAsync();
                if (!read.Wait(Hang))
                {
                    hung = true;
                    child.Kill();
                    break;
                }

                if (read.Result is not { } line)
                {
                    break;
                }

                string[] fields = line.Split('\t');
                if (fields[0] == "start")
                {
                    started = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
                }
                else if (fields[0] == "step")
                {
                    step = fields[2];
                }
                else if (fields[0] == "damage")
                {
                    damage = fields[3];
                }
                else if (fields[0] == "case")
                {
                    results.Add((fields[2], fields[3], fields[4], line));
                    next = started + 1;
                    started = -1;
                }
            }

            child.WaitForExit();
            if (started >= 0)
            {
                // The child died (or hung) inside this case: that is class (iv).
                string stderr = error.Wait(TimeSpan.FromSeconds(10)) ? string.Join(" ", error.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(2)) : "";
                string why = hung ? $"hung in {step}: no answer within {Hang.TotalSeconds} s, killed" : $"process died in {step}, exit code {child.ExitCode}: {stderr}";
                string type = Damage.Classes[started % Damage.Classes.Length];
                results.Add(("crash", "not-reached", type, $"case\t{started}\tcrash\tnot-reached\t{type}\t{damage}\t{why}"));
                next = started + 1;
            }
            else if (next < cases)
            {
                Console.Error.WriteLine($"corruption {kind}: the case child exited with {child.ExitCode} outside a case: {error.Result}");
                return 1;
            }
        }

        int Count(Func<(string Outcome, string Verify, string Type, string Line), bool> which) => results.Count(which);
        int visible = Count(r => r.Outcome != "exact");
        Console.WriteLine($"| {kind} | {results.Count} | {Count(r => r.Outcome == "refused")} | {Count(r => r.Outcome == "exact")} | {Count(r => r.Outcome == "silent")} | {Count(r => r.Outcome == "crash")} " +
            $"| {Count(r => r.Verify is "named-exactly" or "refused" || r.Verify.StartsWith("named-others", StringComparison.Ordinal))} / {visible} | {Count(r => r.Verify == "named-exactly")} | {Count(r => r.Verify == "missed")} | {Count(r => r.Verify == "false-alarm" || r.Verify.StartsWith("crash", StringComparison.Ordinal))} |");
        foreach (string type in Damage.Classes)
        {
            var of = results.Where(r => r.Type == type).ToList();
            Console.WriteLine($"damage | {kind} | {type} | {of.Count} | {of.Count(r => r.Outcome == "refused")} | {of.Count(r => r.Outcome == "exact")} | {of.Count(r => r.Outcome == "silent")} | {of.Count(r => r.Outcome == "crash")} |");
        }

        foreach (var result in results.Where(r => r.Outcome is "silent" or "crash" || r.Verify is "missed" or "false-alarm" || r.Verify.StartsWith("crash", StringComparison.Ordinal)))
        {
            string id = result.Line.Split('\t')[1];
            Console.Error.WriteLine($"corruption {kind}: {result.Line.Replace('\t', ' ')}  [reproduce: dotnet tests/ImageStorage.Tests/bin/Release/net10.0/ImageStorage.Tests.dll campaign corrupt-cases {kind} {seed} {id} 1 keep]");
        }

        return 0;
    }
}
