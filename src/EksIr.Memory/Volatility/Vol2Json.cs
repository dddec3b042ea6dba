using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;

namespace EksIr.Memory.Volatility;

/// <summary>
/// Volatility 2's <c>--output=json</c>: one object {"columns": [names], "rows": [[values], …]} (JSONRenderer in
/// volatility/renderers/html.py at 2.6.1, json.dumps of a dict, so either key may come first), with the columns of each
/// plugin's unified_output. linux_pslist's has no PPid column (its text has one from 2.6 on, its JSON never);
/// linux_pstree's has Ppid and Level (a dot per level before the name; kernel threads named "[comm]"); linux_psaux's
/// has Arguments and no parent. Any other table is said and not read as processes.
/// </summary>
internal static partial class Vol2Json
{
    [GeneratedRegex(@"^\s*\{\s*""(columns|rows)""\s*:")]
    private static partial Regex TableStart();

    /// <summary>True when the text from the first content line opens Volatility 2's {columns, rows} object.</summary>
    public static bool Is(string[] lines, int first) =>
        TableStart().IsMatch(string.Join('\n', lines.Skip(first).Take(3)));

    /// <summary>The table's column names and rows (each a list of cell texts), or null with the problem said.</summary>
    public static (List<string> Columns, List<List<string?>?> Rows)? Table(string[] lines, int first, string file, List<EvidenceProblem> problems)
    {
        try
        {
            using var doc = EvidenceJson.Parse(Encoding.UTF8.GetBytes(string.Join('\n', lines[first..])), file, problems, default, $"from line {first + 1}");
            var root = doc.RootElement;
            if (!root.TryGetProperty("columns", out var columns) || columns.ValueKind != JsonValueKind.Array || columns.EnumerateArray().Any(c => c.ValueKind != JsonValueKind.String)
                || !root.TryGetProperty("rows", out var rows) || rows.ValueKind != JsonValueKind.Array)
            {
                problems.Add(new EvidenceProblem(file, $"line {first + 1}", "not Volatility 2's JSON table: \"columns\" must be a list of names and \"rows\" a list of rows"));
                return null;
            }

            var extra = root.EnumerateObject().Select(p => p.Name).Where(n => n is not "columns" and not "rows").ToList();
            if (extra.Count > 0)
            {
                problems.Add(new EvidenceProblem(file, $"line {first + 1}", $"keys {string.Join(", ", extra.Select(k => $"'{k}'"))} beside \"columns\" and \"rows\" not read"));
            }

            var table = rows.EnumerateArray().Select(r => r.ValueKind == JsonValueKind.Array ? r.EnumerateArray().Select(Text).ToList() : null).ToList();
            return (columns.EnumerateArray().Select(c => c.GetString()!).ToList(), table);
        }
        catch (JsonException e)
        {
            problems.Add(new EvidenceProblem(file, $"line {first + 1 + (e.LineNumber ?? 0)}", "malformed JSON: " + EvidenceJson.Why(e)));
            return null;
        }
    }

    private static string? Text(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Number => v.GetRawText(),
        _ => null,
    };

    public static ProcessListing Parse(string[] lines, int first, string file, List<EvidenceProblem> problems)
    {
        if (Table(lines, first, file, problems) is not var (columns, rows))
        {
            return new ProcessListing(file, "unknown", [], problems);
        }

        var (plugin, known) = columns.SequenceEqual(KnownColumns.Vol2Pstree) ? ("linux_pstree", KnownColumns.Vol2Pstree)
            : columns.SequenceEqual(KnownColumns.Vol2Pslist) ? ("linux_pslist", KnownColumns.Vol2Pslist)
            : columns.SequenceEqual(KnownColumns.Vol2Psaux) ? ("linux_psaux", KnownColumns.Vol2Psaux)
            : (null, null);
        if (plugin is null || known is null)
        {
            var other = KnownColumns.OtherPlugin(columns);
            problems.Add(new EvidenceProblem(file, $"line {first + 1}", other is not null
                ? $"a {other} table, not a process listing"
                : $"a Volatility 2 JSON table whose columns ({string.Join(", ", columns)}) are not those of linux_pslist, linux_pstree or linux_psaux at 2.5-2.6.1; not read"));
            return new ProcessListing(file, other ?? "unknown", [], problems);
        }

        var map = new ColumnMap(columns);
        var level = columns.IndexOf("Level");
        var result = new List<ProcessRow>();
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = rows[i];
            if (cells is null || cells.Count != columns.Count || map.Row(cells.Select(c => c ?? "").ToList(), null, first + 1) is not { } row)
            {
                problems.Add(new EvidenceProblem(file, $"row {i + 1}", cells is null ? "not a list of values; skipped"
                    : cells.Count != columns.Count ? $"{cells.Count} values for {columns.Count} columns; skipped" : "no readable Pid; skipped"));
                continue;
            }

            if (plugin == "linux_pstree")
            {
                // recurse_task names a task without mm (a kernel thread) "[comm]", and Level is "." * depth + that name
                var name = row.Comm ?? "";
                var kernelThread = name.StartsWith('[') && name.EndsWith(']');
                var dots = cells[level] is { } l ? l.Length - l.TrimStart('.').Length : 0;
                row = row with { Comm = kernelThread ? name[1..^1] : name, Args = kernelThread ? name : null, Depth = dots };
            }

            result.Add(row);
        }

        var listing = new ProcessListing(file, $"volatility2 {plugin} (json{(plugin == "linux_pslist" ? ", no PPid column" : "")})", result, problems);
        return plugin switch
        {
            "linux_pslist" => listing with { Notes = [Vol2Text.NoParents("Volatility 2's linux_pslist JSON (its unified_output) has no PPid column, though its text has one from 2.6 on")] },
            "linux_psaux" => listing with { Notes = [Vol2Text.NoParents("Volatility 2's linux_psaux prints no parent column")] },
            _ => listing,
        };
    }
}
