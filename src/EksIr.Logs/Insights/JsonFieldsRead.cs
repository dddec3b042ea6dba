using EksIr.Logs.Sql;

namespace EksIr.Logs.Insights;

/// <summary>
/// JSON lines read for their time and named fields only, never their text: <c>read_json</c> with the columns named
/// (one parse per line, only those keys kept), each field exactly as <see cref="DiscoveredField.Sql"/> reads it from
/// @message — its ways of reading tried in the same order, a value read as text. A case store keeps these rows for
/// lines marked with their offsets (<see cref="LineTagger"/>), and reads an event's text again from the evidence for
/// the rows a query needs it for (<see cref="EvidenceLineReader"/>); a one-shot query that reads no @message runs on
/// them straight. A line whose keys do not have the shape named (a field that is an object in one event and a text in
/// another) fails the read, and the caller reads the lines with their text instead.
/// </summary>
internal static class JsonFieldsRead
{
    /// <summary>
    /// The rows (the <see cref="LogsTable"/> columns but @message, then each field's <see cref="LogsTable.StoredColumn"/>)
    /// of <paramref name="file"/>'s lines carried by the pipes of <paramref name="pipeList"/> (a SQL list); when
    /// <paramref name="tagged"/>, each line's offset too (<c>__offset</c>, with <c>__file</c> and <c>__wrapped</c>: a
    /// CloudWatch envelope). An event without a time (or without its offset) fails the read. Null when the fields cannot
    /// be read as columns (one read both as a value and as an object): the lines are then read with their text.
    /// </summary>
    public static string? Rows(LogFile file, string group, string pipeList, IReadOnlyCollection<string> fields, int maxObjectBytes, bool tagged)
    {
        var root = new Node();
        List<(string Field, string Sql)> values;
        try
        {
            foreach (var key in EventEnvelope.Keys)
            {
                root.Member(key).MakeLeaf(key);
            }

            values = fields.Select(f => (Field: f, Sql: "coalesce(" + string.Join(", ", DiscoveredField.KeyPaths(f).Select(p => root.Add(p))) + ")")).ToList();
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        const string cloudWatch = "__cw";
        static string Key(string key) => InsightsSql.Quote(key);
        var fieldColumns = values.Select(v =>
            $", CASE WHEN {cloudWatch} THEN {DiscoveredField.Sql(v.Field, Key("message"), EventEnvelope.IsJsonMessage(Key))} ELSE {v.Sql} END AS {InsightsSql.Quote(LogsTable.StoredColumn(v.Field))}");
        var offset = tagged ? $"{SqlText.Literal(LineTagger.Member)}: 'UBIGINT', " : "";
        var read = $"read_json({pipeList}, format='newline_delimited', records=true, maximum_object_size={maxObjectBytes}, " +
                   $"columns={{{offset}{string.Join(", ", root.Members.Select(m => $"{SqlText.Literal(m.Key)}: {SqlText.Literal(m.Value.Type())}"))}}})";
        var rows = $"SELECT {EventEnvelope.Columns(Key, cloudWatch, file, group)}" +
                   (tagged ? $", {cloudWatch} AS __wrapped, {SqlText.Literal(file.EvidencePath)} AS __file, {InsightsSql.Quote(LineTagger.Member)} AS __offset" : "") +
                   $"{string.Concat(fieldColumns)} FROM (SELECT *, {EventEnvelope.IsCloudWatch(Key)} AS {cloudWatch} FROM {read})";
        return $"SELECT * FROM ({rows}) WHERE CASE WHEN \"@timestamp\" IS NULL{(tagged ? " OR __offset IS NULL" : "")} THEN error('eksir: an event without a time or not marked') ELSE true END";
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
