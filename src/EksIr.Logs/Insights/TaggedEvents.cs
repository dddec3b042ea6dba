using EksIr.Logs.Sql;

namespace EksIr.Logs.Insights;

/// <summary>
/// The rows a case store keeps for JSON lines streamed in marked with their offsets (<see cref="LineTagger"/>): the
/// time, the stream, the stored fields and where the line is — not its text, which is read again from the evidence
/// for the rows a query needs it for (<see cref="EvidenceLineReader"/>). The engine reads only the keys these need
/// (<c>read_json</c> with the columns named, one parse per line), each field exactly as
/// <see cref="DiscoveredField.Sql"/> reads it from @message: its ways of reading tried in the same order. A line whose
/// keys do not have the shape named (a field that is an object in one event and a string in another) fails the read,
/// and the file is taken in with its text instead.
/// </summary>
internal static class TaggedEvents
{
    /// <summary>The keys the time and CloudWatch's envelope are read from (as <see cref="ControlPlaneLogs.JsonLinesRows"/> reads them).</summary>
    private static readonly string[] EnvelopeKeys = ["message", "timestamp", "logStreamName", "ingestionTime", "stageTimestamp", "requestReceivedTimestamp", "@timestamp", "time", "eventTime"];

    /// <summary>
    /// The rows of a relation-producing <c>read_json</c> over <paramref name="pipeList"/> (a SQL list of pipes carrying
    /// tagged lines of <paramref name="file"/>), with the store's columns; an event without a time or without its offset
    /// fails the read (the file is then taken in by the loader that names it).
    /// </summary>
    public static string Rows(LogFile file, string group, string pipeList, IReadOnlyList<string> fields, int maxObjectBytes)
    {
        var root = new Node();
        foreach (var key in EnvelopeKeys)
        {
            root.Member(key).MakeLeaf(key);
        }

        var values = fields.Select(f => (Field: f, Sql: "coalesce(" + string.Join(", ", DiscoveredField.KeyPaths(f).Select(p => root.Add(p))) + ")")).ToList();
        var stem = SqlText.Literal(Path.GetFileNameWithoutExtension(file.EvidencePath));
        const string cloudWatch = "__cw";
        var isJsonMessage = "(starts_with(ltrim(\"message\"), '{') AND json_valid(\"message\"))";
        var fieldColumns = values.Select(v =>
            $", CASE WHEN {cloudWatch} THEN {DiscoveredField.Sql(v.Field, "\"message\"", isJsonMessage)} ELSE {v.Sql} END AS {InsightsSql.Quote(LogsTable.StoredColumn(v.Field))}");
        var read = $"read_json({pipeList}, format='newline_delimited', records=true, maximum_object_size={maxObjectBytes}, " +
                   $"columns={{{SqlText.Literal(LineTagger.Member)}: 'UBIGINT', {string.Join(", ", root.Members.Select(m => $"{SqlText.Literal(m.Key)}: {SqlText.Literal(m.Value.Type())}"))}}})";
        var rows = "SELECT " +
                   $"CASE WHEN {cloudWatch} THEN make_timestamp(CAST(\"timestamp\" AS BIGINT) * 1000) " +
                   "ELSE TRY_CAST(coalesce(\"stageTimestamp\", \"requestReceivedTimestamp\", \"@timestamp\", \"timestamp\", \"time\", \"eventTime\") AS TIMESTAMPTZ)::TIMESTAMP END AS \"@timestamp\", " +
                   $"CASE WHEN {cloudWatch} THEN coalesce(\"logStreamName\", {stem}) ELSE {stem} END AS \"@logStream\", {group} AS \"@log\", " +
                   $"CASE WHEN {cloudWatch} THEN make_timestamp(TRY_CAST(\"ingestionTime\" AS BIGINT) * 1000) END AS \"@ingestionTime\", " +
                   $"CASE WHEN {cloudWatch} THEN {isJsonMessage} ELSE true END AS {LogsTable.JsonFlag}, {cloudWatch} AS __wrapped, " +
                   $"{SqlText.Literal(file.EvidencePath)} AS __file, {InsightsSql.Quote(LineTagger.Member)} AS __offset{string.Concat(fieldColumns)} " +
                   $"FROM (SELECT *, (\"message\" IS NOT NULL AND TRY_CAST(\"timestamp\" AS BIGINT) IS NOT NULL) AS {cloudWatch} FROM {read})";
        return $"SELECT * FROM ({rows}) WHERE CASE WHEN \"@timestamp\" IS NULL OR __offset IS NULL THEN error('eksir: an event without a time or not marked') ELSE true END";
    }

    /// <summary>The type the engine reads a key as: a value (VARCHAR, as json_extract_string gives it), an object of the keys under it, or a list.</summary>
    private sealed class Node
    {
        private bool _leaf;
        private Node? _element;

        public Dictionary<string, Node> Members { get; } = new(StringComparer.Ordinal);

        public Node Member(string key)
        {
            Check(_leaf || _element is not null, key);
            return Members.TryGetValue(key, out var node) ? node : Members[key] = new Node();
        }

        public void MakeLeaf(string what)
        {
            Check(Members.Count > 0 || _element is not null, what);
            _leaf = true;
        }

        /// <summary>Declares a path of keys ending in a value; returns the SQL reading it from the columns.</summary>
        public string Add(IReadOnlyList<string> keys)
        {
            var node = this;
            var accessor = "";
            foreach (var key in keys)
            {
                if (key.Length > 0 && key.All(char.IsAsciiDigit))
                {
                    Check(node == this || node._leaf || node.Members.Count > 0, string.Join(".", keys));
                    node = node._element ??= new Node();
                    accessor = $"{accessor}[{long.Parse(key, System.Globalization.CultureInfo.InvariantCulture) + 1}]";
                }
                else
                {
                    node = node.Member(key);
                    accessor = accessor.Length == 0 ? InsightsSql.Quote(key) : $"struct_extract({accessor}, {SqlText.Literal(key)})";
                }
            }

            node.MakeLeaf(string.Join(".", keys));
            return accessor;
        }

        public string Type() =>
            _element is not null ? _element.Type() + "[]"
            : Members.Count > 0 ? "STRUCT(" + string.Join(", ", Members.Select(m => $"{InsightsSql.Quote(m.Key)} {m.Value.Type()}")) + ")"
            : "VARCHAR";

        private static void Check(bool conflict, string what)
        {
            if (conflict)
            {
                throw new InvalidOperationException($"the stored fields read {what} in two shapes (a value, an object, a list)");
            }
        }
    }
}
