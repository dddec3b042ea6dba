using EksIr.Core.Evidence;
using System.Text.RegularExpressions;
using EksIr.Disk.Containers;

namespace EksIr.Memory.Volatility;

/// <summary>
/// Volatility 2's text output (render_text, columns joined by one space and padded to their widths):
/// linux_pstree ("Name Pid Uid", depth as leading dots, kernel threads as "[comm]"), linux_psaux ("Pid Uid Gid
/// Arguments") and linux_pslist in its two layouts — 2.6 and later "Offset Name Pid PPid Uid Gid DTB Start Time",
/// 2.3 to 2.5 "Offset Name Pid Uid Gid DTB Start Time" with no parent column (volatility/plugins/linux/pslist.py at
/// the tags 2.3.1, 2.4, 2.5, 2.6). A DTB is "0x…" or, for a kernel thread, dashes; a value not read is "-".
/// </summary>
internal static partial class Vol2Text
{
    public const string PslistFormat = "volatility2 linux_pslist";

    public const string PslistWithoutParentsFormat = "volatility2 linux_pslist (2.3-2.5 layout, no PPid column)";

    [GeneratedRegex(@"^\s*Name\s+Pid\s+Uid\s*$")]
    private static partial Regex PstreeHeader();

    [GeneratedRegex(@"^\s*Offset\s+Name\s+Pid\s+PPid\b")]
    private static partial Regex PslistHeader();

    [GeneratedRegex(@"^\s*Offset\s+Name\s+Pid\s+Uid\s+Gid\s+DTB\s+Start Time\s*$")]
    private static partial Regex PslistWithoutParentsHeader();

    [GeneratedRegex(@"^\s*Pid\s+Uid\s+Gid\s+Arguments\s*$")]
    private static partial Regex PsauxHeader();

    [GeneratedRegex(@"^(?<name>.*?)\s+(?<pid>\d+)\s+(?<uid>\S+)?\s*$")]
    private static partial Regex PstreeRow();

    // render_text's "{0:20s} {1:15s} {2:15s}": with a name of at most 20 characters the Pid sits at column 21, so a
    // name ending in digits ("x 12") with a root's blank Uid is not taken for the Pid (trailing spaces may be stripped).
    [GeneratedRegex(@"^(?<name>.{20}) (?<pid>\d{1,15})(?:$| {0,14}(?<=^.{36})(?: (?<uid>\S*))? *$)")]
    private static partial Regex PstreeFixedRow();

    // A name may hold spaces; the columns after it are pinned by their shapes (ids or "-", an address or a DTB of
    // dashes as wide as an address: 10 on 32-bit, 18 on 64-bit).
    [GeneratedRegex(@"^\s*(?<offset>0x[0-9a-fA-F]+)\s(?<name>.+?)\s+(?<pid>\d+)\s+(?<ppid>\d+|-)\s+(?<uid>\d+|-)\s+(?<gid>\d+|-)\s+(?<dtb>0x[0-9a-fA-F]+|-{10,})\s*(?<start>.*)$")]
    private static partial Regex PslistRow();

    [GeneratedRegex(@"^\s*(?<offset>0x[0-9a-fA-F]+)\s(?<name>.+?)\s+(?<pid>\d+)\s+(?<uid>\d+|-)\s+(?<gid>\d+|-)\s+(?<dtb>0x[0-9a-fA-F]+|-{10,})\s*(?<start>.*)$")]
    private static partial Regex PslistWithoutParentsRow();

    [GeneratedRegex(@"^\s*(?<pid>\d+)\s+(?<uid>\S+)\s+(?<gid>\S+)\s*(?<args>.*)$")]
    private static partial Regex PsauxRow();

    public static bool IsHeader(string line) =>
        PstreeHeader().IsMatch(line) || PslistHeader().IsMatch(line) || PslistWithoutParentsHeader().IsMatch(line) || PsauxHeader().IsMatch(line);

    public static ProcessListing Parse(string[] lines, int headerIndex, string file, List<EvidenceProblem> problems)
    {
        var header = lines[headerIndex];
        var (format, row) = PstreeHeader().IsMatch(header) ? ("volatility2 linux_pstree", PstreeRow())
            : PslistHeader().IsMatch(header) ? (PslistFormat, PslistRow())
            : PslistWithoutParentsHeader().IsMatch(header) ? (PslistWithoutParentsFormat, PslistWithoutParentsRow())
            : ("volatility2 linux_psaux", PsauxRow());
        var rows = new List<ProcessRow>();
        var parents = new List<int>(); // the pid last seen at each depth, for pstree's parent links
        for (var i = headerIndex + 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Trim().Length == 0 || line.Trim().All(c => c is '-' or ' ') || ProcessListingReader.IsBanner(line))
            {
                continue;
            }

            var match = format == "volatility2 linux_pstree" && PstreeFixedRow().Match(line) is { Success: true } fixedWidth ? fixedWidth : row.Match(line);
            if (!match.Success || ProcessListingReader.Int(match.Groups["pid"].Value) is not { } pid)
            {
                problems.Add(new EvidenceProblem(file, $"line {i + 1}", $"not a {format} row; skipped"));
                continue;
            }

            var uid = ProcessListingReader.Long(ProcessListingReader.Value(match.Groups["uid"].Value));
            switch (format)
            {
                case "volatility2 linux_pstree":
                {
                    var dotted = match.Groups["name"].Value.Trim();
                    var depth = dotted.Length - dotted.TrimStart('.').Length;
                    if (depth > parents.Count)
                    {
                        problems.Add(new EvidenceProblem(file, $"line {i + 1}", $"depth {depth} below a row of depth {parents.Count - 1}; its parent is unknown"));
                    }

                    int? ppid = depth == 0 ? 0 : depth <= parents.Count ? parents[depth - 1] : null;
                    parents.RemoveRange(Math.Min(depth, parents.Count), parents.Count - Math.Min(depth, parents.Count));
                    parents.Add(pid);
                    var name = dotted.TrimStart('.');
                    var kernelThread = name.StartsWith('[') && name.EndsWith(']');
                    rows.Add(new ProcessRow(pid, ppid, kernelThread ? name[1..^1] : name, kernelThread ? name : null, depth, null, uid, null, null, i + 1));
                    break;
                }

                case PslistFormat or PslistWithoutParentsFormat:
                    rows.Add(new ProcessRow(pid, ProcessListingReader.Int(match.Groups["ppid"].Value), match.Groups["name"].Value.Trim(), null, null, null, uid,
                        match.Groups["offset"].Value, ProcessListingReader.Value(match.Groups["start"].Value), i + 1));
                    break;
                default:
                    rows.Add(new ProcessRow(pid, null, null, ProcessListingReader.Value(match.Groups["args"].Value), null, null, uid, null, null, i + 1));
                    break;
            }
        }

        var listing = new ProcessListing(file, format, rows, problems);
        return format switch
        {
            PslistWithoutParentsFormat => listing with { Notes = [NoParents("Volatility 2.3 to 2.5 print linux_pslist without the PPid column that 2.6 added")] },
            "volatility2 linux_psaux" => listing with { Notes = [NoParents("Volatility 2's linux_psaux prints no parent column")] },
            _ => listing,
        };
    }

    internal static string NoParents(string why) => $"this output has no parent PIDs ({why}): no tree from it, its processes are listed flat";
}
