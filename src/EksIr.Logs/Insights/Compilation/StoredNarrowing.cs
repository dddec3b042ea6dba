namespace EksIr.Logs.Insights;

/// <summary>
/// The part of a query's leading filters (<see cref="LeadingFilters"/>) that reads only what a case store keeps in
/// columns (its stored fields and the system fields but @message), as a query counting the events it keeps: how many
/// events the whole query can need the text of. Each part is taken as the analyst wrote it (its span of the query).
/// </summary>
public static class StoredNarrowing
{
    private static readonly HashSet<string> Columns = new(["@timestamp", "@logStream", "@log", "@ingestionTime"], StringComparer.Ordinal);

    /// <summary>A query counting the events the stored-column parts keep; null when there is no such part.</summary>
    public static string? CountQuery(string query, IReadOnlyList<Command> commands, IReadOnlySet<string> stored)
    {
        var parts = new List<string>();
        foreach (var (condition, created, cut) in LeadingFilters.Of(commands))
        {
            parts.AddRange(LeadingFilters.Conjuncts(condition)
                .Where(c => LeadingFilters.Fields(c).ToList() is { Count: > 0 } fields
                            && fields.All(f => !created.Contains(f.Name) && !cut.Contains(f.Name) && (stored.Contains(f.Name) || Columns.Contains(f.Name))))
                .Select(c => "(" + c.Span.Of(query) + ")"));
        }

        return parts.Count == 0 ? null : "filter " + string.Join(" and ", parts) + " | stats count(*) as n";
    }
}
