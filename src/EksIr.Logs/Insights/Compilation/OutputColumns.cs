namespace EksIr.Logs.Insights;

/// <summary>
/// The columns of a result, by AWS's rules: with a display, exactly its fields; after a stats, its 'by' fields and
/// aggregates (and what later commands add); otherwise the fields named by fields commands plus those parse and
/// "fields … as" create, in the order the query first names them — with no fields command at all, @timestamp and
/// @message first.
/// </summary>
internal sealed class OutputColumns
{
    private readonly List<string> _named = [];
    private List<string>? _display;
    private bool _fields;
    private bool _stats;

    public void Field(string name)
    {
        _fields = true;
        Created(name);
    }

    public void Created(string name)
    {
        if (!_named.Contains(name, StringComparer.Ordinal))
        {
            _named.Add(name);
        }
    }

    public void Display(IEnumerable<string> names) => _display = [.. names];

    public void Stats(IEnumerable<string> names)
    {
        _named.Clear();
        _named.AddRange(names);
        _display = null;
        _stats = true;
    }

    public IReadOnlyList<string> Final =>
        _display ?? (_fields || _stats ? _named : [.. new[] { "@timestamp", "@message" }.Where(n => !_named.Contains(n)), .. _named]);
}
