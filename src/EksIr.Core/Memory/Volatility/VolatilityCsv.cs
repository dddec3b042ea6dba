using System.Text;
using EksIr.Core.Containers;

namespace EksIr.Core.Memory.Volatility;

/// <summary>Volatility 3's <c>-r csv</c>: a first column TreeDepth (0 for a root), quoted cells, backslash escapes.</summary>
internal static class VolatilityCsv
{
    public static bool IsHeader(string line) => line.TrimStart().StartsWith("TreeDepth,", StringComparison.Ordinal) || line.TrimStart().StartsWith("\"TreeDepth\",", StringComparison.Ordinal);

    public static ProcessListing Parse(string[] lines, int headerIndex, string file, List<EvidenceProblem> problems)
    {
        var header = Cells(lines[headerIndex]);
        var columns = new ColumnMap(header);
        var rows = new List<ProcessRow>();
        var tree = false;
        for (var i = headerIndex + 1; i < lines.Length; i++)
        {
            if (!ProcessListingReader.IsContent(lines[i]))
            {
                continue;
            }

            var cells = Cells(lines[i]);
            var depth = ProcessListingReader.Int(cells.Count > 0 ? cells[0] : null);
            if (cells.Count < header.Count || depth is null || columns.Row(cells, depth, i + 1) is not { } row)
            {
                problems.Add(new EvidenceProblem(file, $"line {i + 1}", "not a row of the CSV table (unreadable TreeDepth or PID, or missing cells); skipped"));
                continue;
            }

            tree |= depth > 0;
            rows.Add(row);
        }

        var format = columns.Has("ARGS") ? "volatility3 linux.psaux (csv)" : tree ? "volatility3 linux.pstree (csv)" : "volatility3 linux.pslist (csv)";
        return new ProcessListing(file, format, Threads.Drop(rows, file, problems, tree), problems);
    }

    /// <summary>One CSV record (Python's csv module with escapechar='\\': quotes doubled or escaped).</summary>
    internal static List<string> Cells(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\' && i + 1 < line.Length)
            {
                cell.Append(line[++i]);
            }
            else if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                cell.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }
}
