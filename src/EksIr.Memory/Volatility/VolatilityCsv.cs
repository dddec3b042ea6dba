using EksIr.Core.Evidence;
using System.Text;
using EksIr.Disk.Containers;

namespace EksIr.Memory.Volatility;

/// <summary>
/// Volatility 3's <c>-r csv</c>: a first column TreeDepth (0 for a root). From 2.4.0 on Python's csv module writes it
/// (quotes only where needed, doubled quotes, backslash escapes, a value with a newline quoted across lines); before
/// that (1.0 to 2.0.x) the renderer wrote it by hand: a quoted header ("TreeDepth",…), every string quoted and nothing
/// inside escaped, so a value's own quotes and newlines are printed as they are (text_renderer.py at v2.0.1 and v2.4.0).
/// </summary>
internal static class VolatilityCsv
{
    public static bool IsHeader(string line) => line.TrimStart().StartsWith("TreeDepth,", StringComparison.Ordinal) || line.TrimStart().StartsWith("\"TreeDepth\",", StringComparison.Ordinal);

    /// <summary>True for the hand-written CSV of Volatility 3 before 2.4.0 (its header is quoted).</summary>
    public static bool IsLegacy(string header) => header.TrimStart().StartsWith("\"TreeDepth\",", StringComparison.Ordinal);

    /// <summary>The records after the header and a reader of their cells, for either CSV writer.</summary>
    public static (IEnumerable<(int Line, string Record)> Records, Func<string, List<string>> Cells) Reader(string[] lines, int headerIndex, int columns, string file, List<EvidenceProblem> problems) =>
        IsLegacy(lines[headerIndex])
            ? (Enumerable.Range(headerIndex + 1, lines.Length - headerIndex - 1).Where(i => ProcessListingReader.IsContent(lines[i])).Select(i => (i, lines[i])), r => LegacyCells(r, columns))
            : (Records(lines, headerIndex + 1, file, problems), Cells);

    public static ProcessListing Parse(string[] lines, int headerIndex, string file, List<EvidenceProblem> problems)
    {
        var header = Cells(lines[headerIndex]);
        var columns = new ColumnMap(header);
        var rows = new List<ProcessRow>();
        KnownColumns.Report(header, KnownColumns.Vol3Process, "Volatility 3's linux.pslist, linux.pstree and linux.psaux", file, $"line {headerIndex + 1}", problems);
        var tree = false;
        var (records, cellsOf) = Reader(lines, headerIndex, header.Count, file, problems);
        foreach (var (i, record) in records)
        {
            var cells = cellsOf(record);
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

    /// <summary>
    /// One row of the hand-written CSV (before 2.4.0): a quoted value ends at a quote followed by a comma, an unquoted
    /// one at a comma, and the last column takes the rest of the line, so quotes inside it are kept as printed.
    /// </summary>
    internal static List<string> LegacyCells(string line, int columns)
    {
        var cells = new List<string>();
        var at = 0;
        while (cells.Count < columns - 1)
        {
            var quoted = at < line.Length && line[at] == '"';
            var end = quoted ? line.IndexOf("\",", at + 1, StringComparison.Ordinal) : line.IndexOf(',', at);
            if (end < 0)
            {
                break;
            }

            cells.Add(quoted ? line[(at + 1)..end] : line[at..end]);
            at = end + (quoted ? 2 : 1);
        }

        var rest = line[Math.Min(at, line.Length)..];
        cells.Add(rest.Length >= 2 && rest[0] == '"' && rest[^1] == '"' ? rest[1..^1] : rest.TrimStart('"'));
        return cells;
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
