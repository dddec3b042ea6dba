namespace EksIr.Logs.Insights;

/// <summary>
/// The filters a query applies before anything drops, groups or multiplies rows (stats, limit, dedup, unnest, expand):
/// what holds of their conditions holds of every answer. Each comes with the names made so far by <c>fields … as</c>
/// (<c>Created</c>: not the event's) and by a parse of the event's text (<c>Cut</c>: a part of it).
/// </summary>
internal static class LeadingFilters
{
    public static IEnumerable<(Expr Condition, IReadOnlySet<string> Created, IReadOnlySet<string> Cut)> Of(IReadOnlyList<Command> commands)
    {
        var created = new HashSet<string>(StringComparer.Ordinal);
        var cut = new HashSet<string>(StringComparer.Ordinal);
        foreach (var command in commands)
        {
            switch (command)
            {
                case FilterCommand f:
                    yield return (f.Condition, created, cut);
                    break;
                case ParseCommand p:
                    var fromEvent = p.Source is FieldExpr source && !created.Contains(source.Name) && (source.Name == "@message" || cut.Contains(source.Name) || !source.Name.StartsWith('@'));
                    foreach (var name in p.IsRegex ? Re2.NamedGroups(p.Pattern).Select(g => g.Name) : p.Names)
                    {
                        (fromEvent ? cut : created).Add(name);
                    }

                    break;
                case FieldsCommand fields:
                    foreach (var item in fields.Items.Where(i => i.Alias is not null))
                    {
                        created.Add(item.Alias!);
                        cut.Remove(item.Alias!);
                    }

                    break;
                case DisplayCommand or SortCommand:
                    break;
                default:
                    yield break; // later filters see other rows
            }
        }
    }

    /// <summary>The <c>and</c>-joined parts of a condition, each of which every answer meets.</summary>
    public static IEnumerable<Expr> Conjuncts(Expr condition) =>
        condition is BinaryExpr { Operator: "and" } b ? Conjuncts(b.Left).Concat(Conjuncts(b.Right)) : [condition];

    /// <summary>Every field a condition reads.</summary>
    public static IEnumerable<FieldExpr> Fields(Expr e) => e switch
    {
        FieldExpr f => [f],
        BinaryExpr b => Fields(b.Left).Concat(Fields(b.Right)),
        UnaryExpr u => Fields(u.Operand),
        CallExpr c => c.Arguments.SelectMany(Fields),
        ListExpr l => l.Items.SelectMany(Fields),
        IndexExpr i => Fields(i.Target).Concat(Fields(i.Index)),
        MemberExpr m => Fields(m.Target),
        _ => [],
    };
}
