using System.Text;
using System.Text.Json;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;

namespace EksIr.Memory.Volatility;

/// <summary>
/// Volatility 3's <c>-r json</c> (one array of nodes) and <c>-r jsonl</c> (one root node per line); children nest
/// under "__children", Hex columns are plain integers, absent values null.
/// </summary>
internal static class VolatilityJson
{
    private const int MaxDepth = 512;

    public static ProcessListing Parse(string[] lines, int first, string file, List<EvidenceProblem> fileProblems)
    {
        var problems = new List<EvidenceProblem>();
        var rows = new List<ProcessRow>();
        var jsonl = lines[first].TrimStart().StartsWith('{');
        var columns = new HashSet<string>(StringComparer.Ordinal);
        if (jsonl)
        {
            for (var i = first; i < lines.Length; i++)
            {
                if (!ProcessListingReader.IsContent(lines[i]))
                {
                    continue;
                }

                try
                {
                    using var doc = EvidenceJson.Parse(Encoding.UTF8.GetBytes(lines[i]), file, problems, new JsonDocumentOptions { MaxDepth = MaxDepth }, $"line {i + 1}");
                    Walk(doc.RootElement, 0, i + 1, rows, columns, file, problems);
                }
                catch (JsonException e)
                {
                    problems.Add(new EvidenceProblem(file, $"line {i + 1}", "malformed JSON: " + e.Message.Split(" LineNumber")[0] + "; skipped"));
                }
            }
        }
        else
        {
            var text = string.Join('\n', lines[first..]);
            try
            {
                using var doc = EvidenceJson.Parse(Encoding.UTF8.GetBytes(text), file, problems, new JsonDocumentOptions { MaxDepth = MaxDepth }, $"from line {first + 1}");
                if (doc.RootElement.ValueKind != JsonValueKind.Array)
                {
                    problems.Add(new EvidenceProblem(file, $"line {first + 1}", "a JSON document that is not a list of processes"));
                }
                else
                {
                    foreach (var node in doc.RootElement.EnumerateArray())
                    {
                        Walk(node, 0, first + 1, rows, columns, file, problems);
                    }
                }
            }
            catch (JsonException e)
            {
                problems.Add(new EvidenceProblem(file, $"line {first + 1 + (e.LineNumber ?? 0)}", "malformed JSON: " + e.Message.Split(" LineNumber")[0]));
            }
        }

        if (KnownColumns.OtherPlugin(columns) is { } other)
        {
            return ProcessListingReader.NotAListing(file, $"line {first + 1}", other, fileProblems);
        }

        fileProblems.AddRange(problems);
        problems = fileProblems;
        KnownColumns.Report(columns, KnownColumns.Vol3Process, "Volatility 3's linux.pslist, linux.pstree and linux.psaux", file, $"line {first + 1}", problems);
        var tree = rows.Any(r => r.Depth > 0);
        var kind = columns.Contains("ARGS") ? "linux.psaux" : tree ? "linux.pstree" : "linux.pslist";
        return new ProcessListing(file, $"volatility3 {kind} ({(jsonl ? "jsonl" : "json")})", Threads.Drop(rows, file, problems, tree), problems);
    }

    private static void Walk(JsonElement node, int depth, long line, List<ProcessRow> rows, HashSet<string> columns, string file, List<EvidenceProblem> problems)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new EvidenceProblem(file, $"line {line}", $"a {node.ValueKind} where a process object was expected; skipped"));
            return;
        }

        var cells = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var property in node.EnumerateObject())
        {
            columns.Add(property.Name);
            cells[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                _ => null,
            };
            if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array && property.Name != "__children"
                || property.Name == "__children" && property.Value.ValueKind != JsonValueKind.Array)
            {
                problems.Add(new EvidenceProblem(file, $"line {line}", $"\"{property.Name}\" holds a JSON {property.Value.ValueKind.ToString().ToLowerInvariant()}, not what Volatility writes there; not read"));
            }
        }

        var header = cells.Keys.ToList();
        var row = new ColumnMap(header).Row(header.Select(k => cells[k] ?? "").ToList(), depth, line);
        if (row is null)
        {
            problems.Add(new EvidenceProblem(file, $"line {line}", "a process without a readable PID; skipped (its children are still read)"));
        }
        else
        {
            rows.Add(row);
        }

        if (node.TryGetProperty("__children", out var children) && children.ValueKind == JsonValueKind.Array)
        {
            foreach (var child in children.EnumerateArray())
            {
                Walk(child, depth + 1, line, rows, columns, file, problems);
            }
        }
    }
}
