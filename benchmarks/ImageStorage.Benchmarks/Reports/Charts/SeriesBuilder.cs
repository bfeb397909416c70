namespace ImageStorage.Benchmarks.Reports.Charts;

/// <summary>A line of a chart: one method's (or one variant's) points in image-count order.</summary>
/// <param name="Method">The storage method.</param>
/// <param name="Label">The legend text.</param>
/// <param name="Points">Image count → the row measured there.</param>
public sealed record Series(string Method, string Label, IReadOnlyList<(double Count, ResultRow Row)> Points);

/// <summary>A group of a dot or bar chart: one label and the row of each method in it.</summary>
/// <param name="Label">What the group's rows share (e.g. "2 threads").</param>
/// <param name="Rows">One row per method, in method rank order.</param>
public sealed record Group(string Label, IReadOnlyList<ResultRow> Rows);

/// <summary>Turns result rows into what the chart kinds draw: lines against the image count, or labelled groups.</summary>
public static class SeriesBuilder
{
    /// <summary>The methods among <paramref name="rows"/>, Raw first, then in the library's order.</summary>
    public static IReadOnlyList<string> Methods(IEnumerable<ResultRow> rows) =>
        rows.Select(r => r.Method).Distinct(StringComparer.Ordinal).OrderBy(CaseText.MethodRank).ThenBy(m => m, StringComparer.Ordinal).ToList();

    /// <summary>One line per method against the image count (one per method and variant where operations or parameters vary).</summary>
    public static IReadOnlyList<Series> ByCount(IReadOnlyList<ResultRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var variant = Label(rows, includeCount: false);
        bool hasVariants = rows.Select(variant).Distinct(StringComparer.Ordinal).Skip(1).Any();
        return rows
            .GroupBy(r => (r.Method, Variant: variant(r)))
            .Select(g => new Series(
                g.Key.Method,
                CaseText.Method(g.Key.Method) + (hasVariants ? ", " + g.Key.Variant : string.Empty),
                g.OrderBy(r => r.Count).Select(r => ((double)r.Count, r)).ToList()))
            .OrderBy(s => CaseText.MethodRank(s.Method))
            .ThenBy(s => s.Label, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Groups of rows that differ only in method, labelled by <paramref name="label"/>, in reading order (<see cref="CaseText.InReadingOrder"/>).</summary>
    public static IReadOnlyList<Group> ByLabel(IReadOnlyList<ResultRow> rows, Func<ResultRow, string> label) =>
        CaseText.InReadingOrder(rows).GroupBy(label, StringComparer.Ordinal)
            .Select(g => new Group(g.Key, g.OrderBy(r => CaseText.MethodRank(r.Method)).ToList()))
            .ToList();

    /// <summary>
    /// A label made of the parts of a row that vary among <paramref name="rows"/>: operation, parameters and (when
    /// <paramref name="includeCount"/>) image count. The parts that do not vary belong in the title: <see cref="Constant"/>.
    /// </summary>
    public static Func<ResultRow, string> Label(IReadOnlyList<ResultRow> rows, bool includeCount = true)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var (operation, count, names) = Varying(rows);
        return row =>
        {
            var parts = new List<string>();
            if (operation)
            {
                parts.Add(CaseText.Operation(row.Operation));
            }

            parts.AddRange(names.Where(n => row.Parameter(n) is not null).Select(n => CaseText.Parameter(n, row.Parameter(n)!)));
            if (count && includeCount)
            {
                parts.Add(Units.Images(row.Count));
            }

            return parts.Count == 0 ? CaseText.Operation(row.Operation) : string.Join(", ", parts);
        };
    }

    /// <summary>The parts every row of <paramref name="rows"/> shares (image count, parameters), in words; empty when none.</summary>
    public static string Constant(IReadOnlyList<ResultRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return string.Empty;
        }

        var (_, count, varying) = Varying(rows);
        var parts = new List<string>();
        if (!count && rows[0].Count > 1)
        {
            parts.Add(Units.Images(rows[0].Count));
        }

        // A parameter only some rows have (the store size of reads, next to stores) is not shared, so it stays in the labels.
        parts.AddRange(rows[0].Parameters.Keys.Except(varying).Where(n => rows.All(r => r.Parameter(n) is not null)).Order(StringComparer.Ordinal).Select(n => CaseText.Parameter(n, rows[0].Parameters[n])));
        return string.Join(", ", parts);
    }

    private static (bool Operation, bool Count, List<string> Parameters) Varying(IReadOnlyList<ResultRow> rows)
    {
        bool operation = rows.Select(r => r.Operation).Distinct(StringComparer.Ordinal).Skip(1).Any();
        bool count = rows.Select(r => r.Count).Distinct().Skip(1).Any();
        var names = rows.SelectMany(r => r.Parameters.Keys).Distinct(StringComparer.Ordinal)
            .Where(n => rows.Select(r => r.Parameter(n)).Distinct(StringComparer.Ordinal).Skip(1).Any() || rows.Any(r => r.Parameter(n) is null))
            .Order(StringComparer.Ordinal)
            .ToList();
        return (operation, count, names);
    }
}
