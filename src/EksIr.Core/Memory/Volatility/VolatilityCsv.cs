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
        KnownColumns.Report(header, KnownColumns.Vol3Process, "Volatility 3's linux.pslist, linux.pstree and linux.psaux", file, $"line {headerIndex + 1}", problems);
        var tree = false;
        foreach (var (i, record) in Records(lines, headerIndex + 1, file, problems))
        {
            var cells = Cells(record);
            var depth = ProcessListingReader.Int(cells.Count > 0 ? cells[0] : null);
            if (cells.Count != header.Count || depth is null || columns.Row(cells, depth, i + 1) is not { } row)
            {
                problems.Add(new EvidenceProblem(file, $"line {i + 1}", $"not a row of the CSV table ({cells.Count} cells for {header.Count} columns, or an unreadable TreeDepth or PID); skipped"));
                continue;
            }

            tree |= depth > 0;
            rows.Add(row);
        }

        var format = columns.Has("ARGS") ? "volatility3 linux.psaux (csv)" : tree ? "volatility3 linux.pstree (csv)" : "volatility3 linux.pslist (csv)";
        return new ProcessListing(file, format, Threads.Drop(rows, file, problems, tree), problems);
    }

    /// <summary>
    /// The file's CSV records from <paramref name="start"/>, each with the index of the line it starts on: a quoted value
    /// may hold newlines (Python's csv module quotes it), so a record runs on until its quotes close. A quote left open
    /// to the end of the file is said, and only its own line is lost.
    /// </summary>
    internal static IEnumerable<(int Line, string Record)> Records(string[] lines, int start, string file, List<EvidenceProblem> problems)
    {
        for (var i = start; i < lines.Length; i++)
        {
            if (!ProcessListingReader.IsContent(lines[i]))
            {
                continue;
            }

            var first = i;
            var quoted = Quoted(lines[i], false);
            if (!quoted)
            {
                yield return (first, lines[i]);
                continue;
            }

            var record = new StringBuilder(lines[i]);
            while (quoted && i + 1 < lines.Length)
            {
                quoted = Quoted(lines[++i], quoted);
                record.Append('\n').Append(lines[i]);
            }

            if (quoted)
            {
                problems.Add(new EvidenceProblem(file, $"line {first + 1}", "a quoted value that never closes before the end of the file; this line skipped, the lines after it read as rows"));
                i = first;
                continue;
            }

            yield return (first, record.ToString());
        }
    }

    /// <summary>Whether a quote is open after <paramref name="line"/>, given whether one was open before it.</summary>
    private static bool Quoted(string line, bool quoted)
    {
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\\')
            {
                i++;
            }
            else if (line[i] == '"')
            {
                quoted = !quoted; // a doubled quote inside a value flips twice
            }
        }

        return quoted;
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
