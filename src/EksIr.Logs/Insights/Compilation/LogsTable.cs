namespace EksIr.Logs.Insights;

/// <summary>The table Logs Insights queries read locally: one row per log event, with its system fields.</summary>
public static class LogsTable
{
    public const string Name = "logs";

    /// <summary>Whether @message is a JSON object (fields are discovered only in those: a klog line is no error).</summary>
    public const string JsonFlag = "__json";

    public const string Columns = "\"@timestamp\" TIMESTAMP, \"@message\" VARCHAR, \"@logStream\" VARCHAR, \"@log\" VARCHAR, \"@ingestionTime\" TIMESTAMP, \"" + JsonFlag + "\" BOOLEAN";

    /// <summary>The system fields, as CloudWatch names them.</summary>
    public static readonly IReadOnlyList<string> SystemFields = ["@timestamp", "@message", "@logStream", "@log", "@ingestionTime"];

    /// <summary>
    /// The audit fields a case store keeps in columns of their own (each as <see cref="DiscoveredField.Sql"/> reads it from
    /// @message, so that a query reads the column instead, with the same answer): those the playbooks filter on. Every
    /// column costs ingest time (unique texts the most); a field only shown is read from the event for the rows shown.
    /// </summary>
    public static readonly IReadOnlyList<string> StoredFields =
    [
        "kind", "auditID", "stage", "verb", "requestURI", "user.username", "sourceIPs.0", "responseStatus.code",
        "objectRef.resource", "objectRef.subresource", "objectRef.namespace", "objectRef.name",
    ];

    /// <summary>The column of a stored field.</summary>
    public static string StoredColumn(string field) => "__field " + field;

    /// <summary>
    /// The stored fields' values (or those of <paramref name="fields"/>), as columns named by <see cref="StoredColumn"/>,
    /// added to a relation of events (one JSON parse each).
    /// </summary>
    public static string StoredFieldsSql(string events, IReadOnlyCollection<string>? fields = null)
    {
        fields ??= StoredFields;
        if (fields.Count == 0)
        {
            return $"SELECT * FROM ({events})";
        }

        var paths = fields.SelectMany(DiscoveredField.Paths).Distinct(StringComparer.Ordinal).ToList();
        var values = fields.Select(f =>
            $"(CASE WHEN {InsightsSql.Quote(JsonFlag)} THEN {DiscoveredField.FromExtracted(f, paths, "__v")} END) AS {InsightsSql.Quote(StoredColumn(f))}");
        return $"SELECT * EXCLUDE (__v), {string.Join(", ", values)} FROM (SELECT *, (CASE WHEN {InsightsSql.Quote(JsonFlag)} THEN " +
               $"json_extract_string(\"@message\", [{string.Join(", ", paths.Select(InsightsSql.Literal))}]) END) AS __v FROM ({events}))";
    }

    /// <summary>Logs Insights returns at most 10,000 rows; without a limit command the local engine does the same.</summary>
    public const int MaxRows = 10_000;
}
