using EksIr.Core.Containers;

namespace EksIr.Core.Memory.Volatility;

/// <summary>
/// Volatility 3's quick (default) text renderer: a tab-separated header, then rows; tree plugins prefix the first
/// cell with one "*" per level below the root ("** 1234").
/// </summary>
internal static class Vol3Text
{
    public static bool IsHeader(string line)
    {
        var cells = Cells(line);
        return cells.Any(c => c == "PID") && cells.Any(c => c is "PPID" or "COMM" or "ARGS");
    }

    private static string[] Cells(string line) =>
        (line.Contains('\t') ? line.Split('\t') : line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Select(c => c.Trim()).ToArray();

    public static ProcessListing Parse(string[] lines, int headerIndex, string file, List<EvidenceProblem> problems)
    {
        var header = Cells(lines[headerIndex]);
        var columns = new ColumnMap(header);
        var rows = new List<ProcessRow>();
        var tree = false;
        for (var i = headerIndex + 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (!ProcessListingReader.IsContent(line))
            {
                continue;
            }

            var trimmed = line.TrimStart();
            var stars = trimmed.Length - trimmed.TrimStart('*').Length;
            tree |= stars > 0;
            var rest = trimmed[stars..].TrimStart(' ');
            var raw = rest.Contains('\t') ? rest.Split('\t') : rest.Split((char[]?)null, header.Length, StringSplitOptions.RemoveEmptyEntries);
            if (raw.Length > header.Length)
            {
                raw = [.. raw[..(header.Length - 1)], string.Join('\t', raw[(header.Length - 1)..])]; // a tab inside the last column
            }

            if (raw.Length < header.Length - 1 || columns.Row(raw, stars, i + 1) is not { } row)
            {
                problems.Add(new EvidenceProblem(file, $"line {i + 1}", $"not a row of the {header.Length}-column table (unreadable PID or missing cells); skipped"));
                continue;
            }

            rows.Add(row);
        }

        var format = columns.Has("ARGS") ? "volatility3 linux.psaux (text)" : tree ? "volatility3 linux.pstree (text)" : "volatility3 linux.pslist (text)";
        return new ProcessListing(file, format, Threads.Drop(rows, file, problems, tree), problems);
    }
}

/// <summary>Rows of threads (TID ≠ PID, as linux.pslist --threads prints them) are left out of a process tree, and counted.</summary>
internal static class Threads
{
    public static List<ProcessRow> Drop(List<ProcessRow> rows, string file, List<EvidenceProblem> problems, bool tree)
    {
        var threads = rows.Count(r => r.Tid is { } t && t != r.Pid);
        if (threads == 0)
        {
            return tree ? rows : rows.Select(r => r with { Depth = null }).ToList();
        }

        problems.Add(new EvidenceProblem(file, "", $"{threads} thread rows (TID ≠ PID) left out: the tree shows processes"));
        return rows.Where(r => r.Tid is not { } t || t == r.Pid).Select(r => tree ? r : r with { Depth = null }).ToList();
    }
}
