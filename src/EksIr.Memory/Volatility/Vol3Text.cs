using EksIr.Disk.Containers;
using EksIr.Core.Evidence;

namespace EksIr.Memory.Volatility;

/// <summary>
/// Volatility 3's two text renderers (volatility3/cli/text_renderer.py at a1961401). Quick, the default: a
/// tab-separated header, then rows; a tree's row starts with one "*" per level below the root and a space ("** 1234").
/// Pretty (<c>-r pretty</c>): cells joined by " | " and padded to their widths, a first tree column of one "*" per
/// level counting the root as one ("*", "**"), and a value's further lines (a newline inside it) on lines whose tree
/// column is blank.
/// </summary>
internal static class Vol3Text
{
    private const string PrettySeparator = " | ";

    public static bool IsHeader(string line)
    {
        var cells = Cells(line);
        return cells.Any(c => c == "PID") && cells.Any(c => c is "PPID" or "COMM" or "ARGS");
    }

    /// <summary>True for a pretty renderer's line: a tree column (blank in the header) before the first " | ".</summary>
    internal static bool IsPretty(string line)
    {
        var at = line.IndexOf(PrettySeparator, StringComparison.Ordinal);
        return at >= 0 && line[..at].All(c => c is ' ' or '*');
    }

    /// <summary>The header's column names in either renderer.</summary>
    internal static string[] Cells(string line) =>
        IsPretty(line) ? line.Split(PrettySeparator).Skip(1).Select(c => c.Trim()).ToArray()
        : (line.Contains('\t') ? line.Split('\t') : line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Select(c => c.Trim()).ToArray();

    /// <summary>
    /// A pretty row: its depth (stars less one, the root has one) and cells; depth null for a further line of a value
    /// (blank tree column), -1 for a line that is not in the table's layout (before 2.4.0 a value's newline was printed
    /// raw, so its further lines have no columns at all).
    /// </summary>
    internal static (int? Depth, string[] Cells) PrettyRow(string line, int columns)
    {
        if (!IsPretty(line))
        {
            return (-1, []);
        }

        var parts = line.Split(PrettySeparator, columns + 1);
        var stars = parts[0].Trim().Length;
        return (stars == 0 ? null : stars - 1, parts.Skip(1).Select(c => c.Trim()).ToArray());
    }

    public static ProcessListing Parse(string[] lines, int headerIndex, string file, List<EvidenceProblem> problems)
    {
        var pretty = IsPretty(lines[headerIndex]);
        var header = Cells(lines[headerIndex]);
        var columns = new ColumnMap(header);
        KnownColumns.Report(header, KnownColumns.Vol3Process, "Volatility 3's linux.pslist, linux.pstree and linux.psaux", file, $"line {headerIndex + 1}", problems);
        var rows = new List<ProcessRow>();
        var tree = false;
        for (var i = headerIndex + 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (!ProcessListingReader.IsContent(line))
            {
                continue;
            }

            int depth;
            string[] raw;
            if (pretty)
            {
                var (d, cells) = PrettyRow(line, header.Length);
                if (d is null or -1)
                {
                    problems.Add(new EvidenceProblem(file, $"line {i + 1}", d is null
                        ? $"a further line of a value with a newline in it{After(rows)}; not read"
                        : $"not a row of the pretty table (no \" | \" cells: a value with a newline in it continues here?{After(rows)}); skipped"));
                    continue;
                }

                (depth, raw) = (d.Value, cells);
            }
            else
            {
                var trimmed = line.TrimStart();
                depth = trimmed.Length - trimmed.TrimStart('*').Length;
                var rest = trimmed[depth..].TrimStart(' ');
                raw = rest.Contains('\t') ? rest.Split('\t') : rest.Split((char[]?)null, header.Length, StringSplitOptions.RemoveEmptyEntries);
                var comm = Array.IndexOf(header, "COMM");
                if (raw.Length > header.Length && header[^1] is not "ARGS" and not "COMM" && comm >= 0)
                {
                    // the quick renderer prints values as they are: a process name may hold a tab (prctl PR_SET_NAME takes
                    // any byte but NUL), and COMM is the one free-text column before fixed ones (pslist's UID…, File output)
                    var extra = raw.Length - header.Length;
                    raw = [.. raw[..comm], string.Join('\t', raw[comm..(comm + extra + 1)]), .. raw[(comm + extra + 1)..]];
                    problems.Add(new EvidenceProblem(file, $"line {i + 1}", $"{header.Length + extra} cells for {header.Length} columns: the extra tab taken as part of COMM ('{raw[comm]}')"));
                }
                else if (raw.Length > header.Length)
                {
                    raw = [.. raw[..(header.Length - 1)], string.Join('\t', raw[(header.Length - 1)..])]; // a tab inside the last column (ARGS, or pstree's COMM)
                }
            }

            tree |= depth > 0;
            if (raw.Length < header.Length - 1 || columns.Row(raw, depth, i + 1) is not { } row)
            {
                problems.Add(new EvidenceProblem(file, $"line {i + 1}",
                    $"not a row of the {header.Length}-column table (unreadable PID or missing cells; a value with a newline in it continues here?{After(rows)}); skipped"));
                continue;
            }

            rows.Add(row);
        }

        var renderer = pretty ? "pretty" : "text";
        var format = columns.Has("ARGS") ? $"volatility3 linux.psaux ({renderer})" : tree ? $"volatility3 linux.pstree ({renderer})" : $"volatility3 linux.pslist ({renderer})";
        return new ProcessListing(file, format, Threads.Drop(rows, file, problems, tree), problems);
    }

    private static string After(List<ProcessRow> rows) => rows.Count == 0 ? "" : $" after PID {rows[^1].Pid}, line {rows[^1].Line}";
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
