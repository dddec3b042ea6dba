using EksIr.Logs.Sql;

namespace EksIr.Logs.Insights;

/// <summary>
/// The exec-commands template's decoded columns, added after its query: the command as kubectl ran it (the request URI's
/// command= arguments URL-decoded and joined, an argument with spaces quoted, each line break shown as ⏎), the
/// container, and whether it was an interactive terminal. Logs Insights has no URL-decoding function, so this is done
/// on the rows, the same for the local engine and the live log group.
/// </summary>
public static class ExecCommandColumns
{
    public static QueryResult Add(QueryResult result)
    {
        var uri = result.Columns.Select(c => c.Name).ToList().IndexOf("requestURI");
        if (uri < 0)
        {
            return result;
        }

        var at = uri; // the decoded command where the URI was, the URI kept last for reference
        var columns = result.Columns.Take(at).Concat([new QueryColumn("command", "VARCHAR"), new QueryColumn("container", "VARCHAR"), new QueryColumn("tty", "BOOLEAN")])
            .Concat(result.Columns.Skip(at + 1)).Append(result.Columns[uri]).ToList();
        var rows = result.Rows.Select(r =>
        {
            var exec = ControlPlaneFacts.Exec(null, null, "", r[uri] as string ?? "", null);
            return r.Take(at).Concat([exec.CommandOnOneLine, exec.Container, (object)exec.Tty]).Concat(r.Skip(at + 1)).Append(r[uri]).ToArray();
        }).ToList();
        return result with { Columns = columns, Rows = rows };
    }
}
