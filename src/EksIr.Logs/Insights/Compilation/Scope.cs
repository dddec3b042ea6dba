namespace EksIr.Logs.Insights;

/// <summary>What a name denotes at one point of the pipeline: a column of the relation and what it yields.</summary>
internal sealed record Binding(string Sql, ValueKind Kind);

/// <summary>
/// The fields a command can name. Before the first stats, a name nothing bound is a field discovered in the event's
/// JSON message; after a stats, only what that stats produced exists (AWS: "you can refer only to fields that are
/// defined in the first stats command").
/// </summary>
internal sealed class Scope
{
    private readonly Dictionary<string, Binding> _names = new(StringComparer.Ordinal);
    private readonly IReadOnlySet<string> _stored;

    private Scope(bool discovers, IReadOnlySet<string>? stored = null) => (Discovers, _stored) = (discovers, stored ?? new HashSet<string>());

    /// <summary>Whether names nothing bound are read from @message.</summary>
    public bool Discovers { get; }

    /// <summary>
    /// The events as the table holds them: the system fields, everything else discovered — from a column of its own for
    /// the fields a store keeps (<see cref="LogsTable.StoredFields"/>, <paramref name="stored"/>), else from @message.
    /// </summary>
    public static Scope Events(IReadOnlySet<string>? stored = null)
    {
        var scope = new Scope(discovers: true, stored);
        foreach (var field in LogsTable.SystemFields)
        {
            scope.Bind(field, new Binding(InsightsSql.Quote(field), field is "@timestamp" or "@ingestionTime" ? ValueKind.Time : ValueKind.Text));
        }

        return scope;
    }

    /// <summary>After a stats: nothing but what it binds.</summary>
    public static Scope Aggregated() => new(discovers: false);

    public void Bind(string name, Binding binding) => _names[name] = binding;

    /// <summary>The binding of a name; a system field's name in any case (@logstream is @logStream).</summary>
    public Binding? Find(string name)
    {
        if (_names.TryGetValue(name, out var binding))
        {
            return binding;
        }

        return name.StartsWith('@') && !name.StartsWith("@@", StringComparison.Ordinal)
            ? LogsTable.SystemFields.FirstOrDefault(f => f.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } system && _names.TryGetValue(system, out var b) ? b : null
            : null;
    }

    public bool Has(string name) => Find(name) is not null;

    /// <summary>The discovered fields asked for through <see cref="StoredColumn"/>: every field the query reads from @message.</summary>
    public HashSet<string> Named { get; } = new(StringComparer.Ordinal);

    /// <summary>The column holding a discovered field's value (as <see cref="DiscoveredField.Sql"/> gives it), when the table keeps one.</summary>
    public string? StoredColumn(string name)
    {
        Named.Add(name);
        return Discovers && _stored.Contains(name) ? InsightsSql.Quote(LogsTable.StoredColumn(name)) : null;
    }
}
