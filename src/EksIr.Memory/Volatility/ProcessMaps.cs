using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using EksIr.Core.Reporting;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;

namespace EksIr.Memory.Volatility;

/// <summary>
/// The <c>maps</c> verb: a process's memory map from Volatility 2 <c>linux_proc_maps</c> or Volatility 3
/// <c>linux.proc.Maps</c> output (text, csv or json), regions an analyst dumps first flagged (writable and
/// executable, anonymous executable, mapped from /tmp or /dev/shm, deleted or memfd files), and the exact Volatility
/// command lines that dump a region.
/// </summary>
public sealed partial record ProcessMaps(string File, int? Pid, IReadOnlyList<MapRegion> Regions, IReadOnlyList<EvidenceProblem> Problems, string Dump = "DUMP.lime")
{
    [GeneratedRegex(@"^\s*(?<offset>0x[0-9a-fA-F]+)\s+(?<pid>\d+)\s+(?<name>.+?)\s+(?<start>0x[0-9a-fA-F]+)\s+(?<end>0x[0-9a-fA-F]+)\s+(?<flags>[rwx-]{3,4})\s+(?<pgoff>0x[0-9a-fA-F]+)\s+(?<major>\d+)\s+(?<minor>\d+)\s+(?<inode>\d+)\s*(?<path>.*)$")]
    private static partial Regex Vol2Row();

    /// <summary>The map in a Volatility output file; <paramref name="dump"/> names the memory image in the dump commands.</summary>
    public static ProcessMaps Of(EvidenceRoot root, string path, int? pid, string dump = "DUMP.lime")
    {
        var repaired = new List<EvidenceProblem>();
        var maps = Parse(Utf8Repair.Text(root.ReadAllBytes(path, ProcessListingReader.MaxBytes), path, repaired), path, pid);
        return maps with { Dump = dump, Problems = [.. repaired, .. maps.Problems] };
    }

    public static ProcessMaps Parse(string text, string file, int? pid)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var problems = new List<EvidenceProblem>();
        var regions = new List<MapRegion>();
        var first = Array.FindIndex(lines, l => l.Trim().Length > 0 && !ProcessListingReader.IsBanner(l));
        if (first >= 0 && lines[first].TrimStart().StartsWith('{') && Vol2Json.Is(lines, first))
        {
            ParseVol2Json(lines, first, file, regions, problems);
        }
        else if (first >= 0 && lines[first].TrimStart().StartsWith('['))
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            ParseJson(string.Join('\n', lines[first..]), file, regions, problems, keys, $"from line {first + 1}");
            KnownColumns.Report(keys, KnownColumns.Vol3Maps, "Volatility 3's linux.proc.Maps", file, $"line {first + 1}", problems);
        }
        else if (first >= 0 && lines[first].TrimStart().StartsWith('{'))
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            for (var i = first; i < lines.Length; i++)
            {
                if (ProcessListingReader.IsContent(lines[i]))
                {
                    ParseJson("[" + lines[i] + "]", file, regions, problems, keys, $"line {i + 1}"); // -r jsonl: one root node a line
                }
            }

            KnownColumns.Report(keys, KnownColumns.Vol3Maps, "Volatility 3's linux.proc.Maps", file, $"line {first + 1}", problems);
        }
        else
        {
            var header = Array.FindIndex(lines, l => IsVol3Header(l) || IsVol2Header(l));
            if (header < 0)
            {
                problems.Add(new EvidenceProblem(file, "", "no header of linux_proc_maps or linux.proc.Maps (PID, Start, End, Flags…)"));
                return new ProcessMaps(file, pid, [], problems);
            }

            if (IsVol2Header(lines[header]))
            {
                ParseVol2(lines, header, file, regions, problems);
            }
            else
            {
                ParseVol3(lines, header, file, regions, problems);
            }
        }

        return new ProcessMaps(file, pid, pid is { } p ? regions.Where(r => r.Pid == p).ToList() : regions, problems);
    }

    private static bool IsVol2Header(string line) => Regex.IsMatch(line, @"^\s*Offset\s+Pid\s+Name\s+Start\s+End\s+Flags\s+Pgoff");

    private static bool IsVol3Header(string line)
    {
        var cells = Vol3Text.IsPretty(line) ? Vol3Text.Cells(line) : (line.Contains('\t') ? line.Split('\t') : line.Split(',')).Select(c => c.Trim().Trim('"')).ToArray();
        return cells.Contains("PID") && cells.Contains("Start") && cells.Contains("End") && cells.Contains("Flags");
    }

    private static void ParseVol2(string[] lines, int header, string file, List<MapRegion> regions, List<EvidenceProblem> problems)
    {
        for (var i = header + 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0 || lines[i].Trim().All(c => c is '-' or ' '))
            {
                continue;
            }

            var m = Vol2Row().Match(lines[i]);
            if (!m.Success || Region(m.Groups["pid"].Value, m.Groups["name"].Value, m.Groups["start"].Value, m.Groups["end"].Value, m.Groups["flags"].Value,
                    m.Groups["pgoff"].Value, m.Groups["major"].Value, m.Groups["minor"].Value, m.Groups["inode"].Value, m.Groups["path"].Value) is not { } region)
            {
                problems.Add(new EvidenceProblem(file, $"line {i + 1}", "not a linux_proc_maps row; skipped"));
                continue;
            }

            regions.Add(region);
        }
    }

    private static void ParseVol3(string[] lines, int header, string file, List<MapRegion> regions, List<EvidenceProblem> problems)
    {
        var pretty = Vol3Text.IsPretty(lines[header]);
        var csv = !pretty && !lines[header].Contains('\t') && lines[header].Contains(',');
        var titles = pretty ? [.. Vol3Text.Cells(lines[header])] : csv ? VolatilityCsv.Cells(lines[header]) : [.. lines[header].Split('\t')];
        var columns = new ColumnMap(titles);
        KnownColumns.Report(titles, KnownColumns.Vol3Maps, "Volatility 3's linux.proc.Maps", file, $"line {header + 1}", problems);
        var (csvRecords, csvCells) = csv ? VolatilityCsv.Reader(lines, header, titles.Count, file, problems) : ([], VolatilityCsv.Cells);
        var records = csv ? csvRecords
            : Enumerable.Range(header + 1, lines.Length - header - 1).Where(i => ProcessListingReader.IsContent(lines[i])).Select(i => (Line: i, Record: lines[i]));
        foreach (var (i, text) in records)
        {
            List<string> cells;
            if (pretty)
            {
                var (depth, row) = Vol3Text.PrettyRow(text, titles.Count);
                if (depth is null or -1)
                {
                    problems.Add(new EvidenceProblem(file, $"line {i + 1}", depth is null ? "a further line of a value with a newline in it; not read" : "not a row of the pretty table; skipped"));
                    continue;
                }

                cells = [.. row];
            }
            else
            {
                cells = csv ? csvCells(text) : [.. text.TrimStart('*', ' ').Split('\t')];
                var path = titles.IndexOf("File Path");
                if (!csv && cells.Count > titles.Count && path >= 0)
                {
                    // the quick renderer prints a path as it is: a tab in a file name shifts the columns after it
                    var extra = cells.Count - titles.Count;
                    cells = [.. cells[..path], string.Join('\t', cells[path..(path + extra + 1)]), .. cells[(path + extra + 1)..]];
                    problems.Add(new EvidenceProblem(file, $"line {i + 1}", $"{titles.Count + extra} cells for {titles.Count} columns: the extra tab taken as part of File Path ('{cells[path]}')"));
                }
            }

            string? Get(string name) => columns.Get(cells, name);
            if (Region(Get("PID"), Get("Process"), Get("Start"), Get("End"), Get("Flags"), Get("PgOff"), Get("Major"), Get("Minor"), Get("Inode"), Get("File Path")) is not { } region)
            {
                problems.Add(new EvidenceProblem(file, $"line {i + 1}", "not a linux.proc.Maps row (unreadable PID or addresses); skipped"));
                continue;
            }

            regions.Add(region);
        }
    }

    /// <summary>Volatility 2's linux_proc_maps --output=json: its unified_output columns at 2.6.1 (addresses as integers).</summary>
    private static void ParseVol2Json(string[] lines, int first, string file, List<MapRegion> regions, List<EvidenceProblem> problems)
    {
        if (Vol2Json.Table(lines, first, file, problems) is not var (columns, rows))
        {
            return;
        }

        if (!columns.SequenceEqual(KnownColumns.Vol2ProcMaps))
        {
            problems.Add(new EvidenceProblem(file, $"line {first + 1}", $"a Volatility 2 JSON table whose columns ({string.Join(", ", columns)}) are not linux_proc_maps' at 2.6.1; not read"));
            return;
        }

        var map = new ColumnMap(columns);
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = rows[i];
            string? Get(string name) => cells is null ? null : map.Get(cells.Select(c => c ?? "").ToList(), name);
            if (cells is null || cells.Count != columns.Count
                || Region(Get("Pid"), Get("Name"), Get("Start"), Get("End"), Get("Flags"), Get("Pgoff"), Get("Major"), Get("Minor"), Get("Inode"), Get("Path")) is not { } region)
            {
                problems.Add(new EvidenceProblem(file, $"row {i + 1}", "not a linux_proc_maps row (wrong number of values, unreadable Pid or addresses); skipped"));
                continue;
            }

            regions.Add(region);
        }
    }

    private static void ParseJson(string text, string file, List<MapRegion> regions, List<EvidenceProblem> problems, HashSet<string> keys, string where = "")
    {
        try
        {
            using var doc = EvidenceJson.Parse(System.Text.Encoding.UTF8.GetBytes(text), file, problems, default, where);
            var stack = new Stack<JsonElement>(doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement.EnumerateArray().Reverse() : []);
            while (stack.TryPop(out var node))
            {
                if (node.ValueKind != JsonValueKind.Object)
                {
                    problems.Add(new EvidenceProblem(file, where, $"a {node.ValueKind} where a map entry was expected; skipped"));
                    continue;
                }

                keys.UnionWith(node.EnumerateObject().Select(p => p.Name));
                string? Get(string name) => node.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.ValueKind == JsonValueKind.Number ? v.GetRawText() : null : null;
                if (Region(Get("PID"), Get("Process"), Get("Start"), Get("End"), Get("Flags"), Get("PgOff"), Get("Major"), Get("Minor"), Get("Inode"), Get("File Path")) is { } region)
                {
                    regions.Add(region);
                }
                else
                {
                    problems.Add(new EvidenceProblem(file, where, "a map entry without readable PID or addresses; skipped"));
                }

                if (node.TryGetProperty("__children", out var children) && children.ValueKind == JsonValueKind.Array)
                {
                    foreach (var child in children.EnumerateArray().Reverse())
                    {
                        stack.Push(child);
                    }
                }
            }
        }
        catch (JsonException e)
        {
            problems.Add(new EvidenceProblem(file, where, "malformed JSON: " + e.Message.Split(" LineNumber")[0]));
        }
    }

    private static MapRegion? Region(string? pid, string? process, string? start, string? end, string? flags, string? pgoff, string? major, string? minor, string? inode, string? path)
    {
        if (ProcessListingReader.Int(pid) is not { } p || Address(start) is not { } s || Address(end) is not { } e || e < s)
        {
            return null;
        }

        return new MapRegion(p, ProcessListingReader.Value(process) ?? "?", s, e, ProcessListingReader.Value(flags) ?? "", Address(pgoff) ?? 0,
            ProcessListingReader.Int(major) ?? 0, ProcessListingReader.Int(minor) ?? 0, ProcessListingReader.Long(inode) ?? 0, ProcessListingReader.Value(path));
    }

    /// <summary>"0x7f…" (text renderers) or a plain integer (json renders Hex columns as numbers).</summary>
    private static ulong? Address(string? text)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t))
        {
            return null;
        }

        return t.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(t[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex) ? hex : null
            : ulong.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var dec) ? dec : null;
    }

    /// <summary>Volatility 2 and 3 command lines that dump one region of the map (DUMP is the memory image).</summary>
    public static (string Volatility2, string Volatility3) DumpCommands(MapRegion region, string dump = "DUMP.lime") =>
        ($"vol.py -f {dump} --profile=<profile> linux_dump_map -p {region.Pid} -s 0x{region.Start:x} -D <out-dir>",
         $"vol -f {dump} -o <out-dir> linux.proc.Maps --pid {region.Pid} --dump");

    public string Summary => $"{File}: {Regions.Count} regions" + (Pid is { } p ? $" of PID {p}" : "") +
                             $", {Regions.Count(r => r.Flags.Count > 0)} flagged" + (Problems.Count > 0 ? $", {Counted.Of(Problems.Count, "problem")}" : "");
}

/// <summary>One region of a process's memory map, with what makes it worth dumping.</summary>
public sealed record MapRegion(int Pid, string Process, ulong Start, ulong End, string Protection, ulong PageOffset, int Major, int Minor, long Inode, string? Path)
{
    public ulong Size => End - Start;

    public IReadOnlyList<string> Flags
    {
        get
        {
            var flags = new List<string>();
            var exec = Protection.Contains('x');
            if (exec && Protection.Contains('w'))
            {
                flags.Add("writable and executable");
            }

            if (exec && Inode == 0 && (Path is null or "Anonymous Mapping" || Path.StartsWith("[anon", StringComparison.Ordinal)))
            {
                flags.Add("anonymous executable memory");
            }

            if (Path is { } p)
            {
                if (p.StartsWith("/tmp/", StringComparison.Ordinal) || p.StartsWith("/dev/shm/", StringComparison.Ordinal) || p.StartsWith("/var/tmp/", StringComparison.Ordinal))
                {
                    flags.Add("mapped from a temporary folder");
                }

                if (p.EndsWith("(deleted)", StringComparison.Ordinal))
                {
                    flags.Add("mapped file was deleted");
                }

                if (p.StartsWith("/memfd:", StringComparison.Ordinal) || p.StartsWith("memfd:", StringComparison.Ordinal))
                {
                    flags.Add("memfd (fileless) mapping");
                }
            }

            return flags;
        }
    }
}
