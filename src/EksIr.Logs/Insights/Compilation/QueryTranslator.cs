namespace EksIr.Logs.Insights;

/// <summary>
/// The commands, in order, as nested SELECTs over the <c>logs</c> table: each binds the names it creates to columns of
/// its relation, so later commands and the result see them. The order of the rows is carried along (a sort's keys,
/// else @timestamp newest first as CloudWatch returns events) and applied wherever rows are kept or cut: dedup, limit,
/// the result.
/// </summary>
internal sealed class QueryTranslator
{
    private readonly string _query;
    private readonly DateTimeOffset _now;
    private readonly OutputColumns _columns = new();
    private Scope _scope;
    private readonly Scope _events;
    private string _relation;
    private string? _order;
    private bool _sorted;
    private bool _limited;
    private int _depth;
    private int _next;

    public QueryTranslator(string query, DateTimeOffset now, DateTimeOffset? start, DateTimeOffset? end, IReadOnlySet<string>? stored = null)
    {
        _scope = _events = Scope.Events(stored);
        _query = query;
        _now = now;
        var range = new List<string>();
        if (start is { } s)
        {
            range.Add($"\"@timestamp\" >= {InsightsSql.Time(s)}");
        }

        if (end is { } e)
        {
            range.Add($"\"@timestamp\" <= {InsightsSql.Time(e)}");
        }

        _relation = $"(SELECT * FROM {LogsTable.Name}{(range.Count > 0 ? " WHERE " + string.Join(" AND ", range) : "")}) AS q0";
        _order = "\"@timestamp\" DESC";
    }

    public CompiledQuery Translate(IReadOnlyList<Command> commands)
    {
        foreach (var command in commands)
        {
            switch (command)
            {
                case FieldsCommand f:
                    Bind(f.Items, _columns.Field);
                    break;
                case DisplayCommand d:
                    _columns.Display(Bind(d.Items, _ => { }));
                    break;
                case FilterCommand f:
                    _relation = Wrap($"SELECT * FROM {_relation} WHERE {Expressions().Condition(f.Condition)}");
                    break;
                case ParseCommand p:
                    Parse(p);
                    break;
                case StatsCommand s:
                    Stats(s);
                    break;
                case SortCommand s:
                    Sort(s);
                    break;
                case LimitCommand l:
                    _relation = Wrap($"SELECT * FROM {_relation}{OrderBy} LIMIT {l.Count}");
                    _limited = true;
                    break;
                case DedupCommand d:
                    Dedup(d);
                    break;
                case UnnestCommand u:
                    Unnest(u.List, u.Into, u.Keyword);
                    _columns.Created(u.Into);
                    break;
                case ExpandCommand e:
                    Unnest(e.Field, e.Field.Name, e.Keyword, asText: true);
                    break;
            }
        }

        var columns = _columns.Final;
        var select = columns.Select(c => $"{Output(c)} AS {InsightsSql.Quote(c)}");
        var sql = $"SELECT {string.Join(", ", select)} FROM {_relation}{OrderBy}{(_limited ? "" : $" LIMIT {LogsTable.MaxRows + 1}")}";
        return new CompiledQuery(sql, columns, !_limited) { Fields = _events.Named };
    }

    private string OrderBy => _order is null ? "" : " ORDER BY " + _order;

    private ExpressionTranslator Expressions(bool aggregating = false) => new(_query, _scope, _now) { Aggregating = aggregating };

    private string Wrap(string select) => $"({select}) AS q{++_depth}";

    private string NewColumn() => $"c{_next++}";

    /// <summary>The result column of a name: what it is bound to (a field never bound is read as fields reads it).</summary>
    private string Output(string name) =>
        (_scope.Find(name) is { } bound ? new SqlValue(bound.Sql, bound.Kind) : Expressions().Value(FieldExpr.Of(name))).AsOutput.Sql;

    /// <summary>fields and display: each item bound to a column under its name (the alias, the field, or the expression as written).</summary>
    private List<string> Bind(IReadOnlyList<NamedExpr> items, Action<string> named)
    {
        var names = new List<string>();
        var added = new List<string>();
        var translator = Expressions();
        var bindings = new List<(string Name, Binding Binding)>();
        foreach (var item in items)
        {
            var name = item.Alias ?? (item.Expr is FieldExpr f ? f.Name : item.Expr.Span.Of(_query));
            names.Add(name);
            named(name);
            if (item.Alias is null && item.Expr is FieldExpr field && _scope.Has(field.Name))
            {
                continue;
            }

            var value = translator.Value(item.Expr);
            var column = NewColumn();
            added.Add($"{(value.Kind == ValueKind.Bool ? value.AsOutput.Sql : value.Sql)} AS {column}");
            bindings.Add((name, new Binding(column, value.Kind == ValueKind.Bool ? ValueKind.Flag : value.Kind)));
        }

        if (added.Count > 0)
        {
            _relation = Wrap($"SELECT *, {string.Join(", ", added)} FROM {_relation}");
            foreach (var (name, binding) in bindings)
            {
                _scope.Bind(name, binding);
            }
        }

        return names;
    }

    /// <summary>parse: a named group or a glob's '*' each become a field; an event that does not match keeps none of them.</summary>
    private void Parse(ParseCommand p)
    {
        var source = Expressions().Value(p.Source).AsText;
        List<(string Name, int Group)> groups;
        string pattern;
        if (p.IsRegex)
        {
            groups = [.. Re2.NamedGroups(p.Pattern)];
            if (groups.Count == 0)
            {
                throw InsightsSyntaxException.At(_query, p.PatternSpan, "parse with a /regex/ needs named groups: (?<name>…)");
            }

            pattern = Re2.From(p.Pattern);
        }
        else
        {
            groups = p.Names.Select((n, i) => (n, i + 1)).ToList();
            pattern = Glob(p.Pattern);
        }

        var added = new List<string>();
        var bindings = new List<(string, Binding)>();
        foreach (var (name, group) in groups)
        {
            var column = NewColumn();
            added.Add($"(CASE WHEN regexp_matches({source}, {InsightsSql.Literal(pattern)}) THEN nullif(regexp_extract({source}, {InsightsSql.Literal(pattern)}, {group}), '') END) AS {column}");
            bindings.Add((name, new Binding(column, ValueKind.Raw)));
            _columns.Created(name);
        }

        _relation = Wrap($"SELECT *, {string.Join(", ", added)} FROM {_relation}");
        foreach (var (name, binding) in bindings)
        {
            _scope.Bind(name, binding);
        }
    }

    /// <summary>A glob's '*' as a lazy group, the last one as a greedy group (it takes the rest of the line); the rest literal.</summary>
    private static string Glob(string glob)
    {
        var parts = glob.Split('*').Select(System.Text.RegularExpressions.Regex.Escape).ToList();
        var pattern = new System.Text.StringBuilder(parts[0]);
        for (var i = 1; i < parts.Count; i++)
        {
            pattern.Append(i == parts.Count - 1 ? "(.*)" : "(.*?)").Append(parts[i]);
        }

        return pattern.ToString();
    }

    private void Stats(StatsCommand s)
    {
        var by = s.By.Select(b => (Name: b.Alias ?? (b.Expr is FieldExpr f ? f.Name : b.Expr.Span.Of(_query)), Value: Expressions().Value(b.Expr))).ToList();
        var aggregating = Expressions(aggregating: true);
        var aggregates = s.Aggregates.Select(a => (Name: a.Alias ?? a.Expr.Span.Of(_query), Value: aggregating.Value(a.Expr))).ToList();
        var scope = Scope.Aggregated();
        var select = new List<string>();
        foreach (var (name, value) in by.Concat(aggregates))
        {
            var column = NewColumn();
            select.Add($"{(value.Kind == ValueKind.Bool ? value.AsOutput.Sql : value.Sql)} AS {column}");
            scope.Bind(name, new Binding(column, value.Kind == ValueKind.Bool ? ValueKind.Flag : value.Kind));
        }

        var group = by.Count == 0 ? "" : " GROUP BY " + string.Join(", ", Enumerable.Range(1, by.Count));
        _relation = Wrap($"SELECT {string.Join(", ", select)} FROM {_relation}{group}");
        _scope = scope;
        _columns.Stats(by.Select(b => b.Name).Concat(aggregates.Select(a => a.Name)));
        _order = by.Count == 0 ? null : string.Join(", ", by.Select(b => SortKeyOf(_scope.Find(b.Name)!) + " ASC NULLS LAST"));
        _sorted = false;
    }

    private void Sort(SortCommand s)
    {
        var translator = Expressions();
        _order = string.Join(", ", s.Keys.Select(k =>
        {
            var value = translator.Value(k.Key);
            return $"{SortKeyOf(new Binding(value.Sql, value.Kind))} {(k.Descending ? "DESC" : "ASC")} NULLS LAST";
        }));
        _sorted = true;
    }

    /// <summary>Numbers and times as themselves; anything else in AWS's natural order.</summary>
    private static string SortKeyOf(Binding b) =>
        b.Kind is ValueKind.Number or ValueKind.Time or ValueKind.Flag ? b.Sql : $"{InsightsFunctions.NaturalKey}({new SqlValue(b.Sql, b.Kind).AsText})";

    /// <summary>
    /// dedup: the first event of each combination of values in the current order (unsorted: the newest, "the default
    /// descending sort order using @timestamp"); an event missing one of the fields is no duplicate of another.
    /// </summary>
    private void Dedup(DedupCommand d)
    {
        var translator = Expressions();
        var keys = d.Fields.Select(f => translator.Value(f).AsText).ToList();
        var window = $"row_number() OVER (PARTITION BY {string.Join(", ", keys)}{OrderBy}) AS __first";
        _relation = Wrap($"SELECT * EXCLUDE (__first) FROM (SELECT *, {window} FROM {_relation}) WHERE __first = 1 OR {string.Join(" OR ", keys.Select(k => $"{k} IS NULL"))}");
        _ = _sorted;
    }

    /// <summary>unnest LIST into NAME, expand FIELD: one row per item of the list.</summary>
    private void Unnest(Expr list, string into, SourceSpan at, bool asText = false)
    {
        _ = at;
        var json = Expressions().JsonValue(list);
        var column = NewColumn();
        _relation = Wrap($"SELECT *, unnest(TRY_CAST({json} AS JSON[])) AS {column} FROM {_relation}");
        _scope.Bind(into, asText ? new Binding($"json_extract_string({column}, '$')", ValueKind.Raw) : new Binding(column, ValueKind.Json));
    }
}

/// <summary>A compiled query: its SQL, the result's column names in order, and whether the 10,000-row cap applies.</summary>
public sealed record CompiledQuery(string Sql, IReadOnlyList<string> Columns, bool Capped)
{
    /// <summary>The fields the query reads from @message as discovered fields (a reader may hand them over as columns).</summary>
    public IReadOnlySet<string> Fields { get; init; } = new HashSet<string>();
}
