using System.Text.RegularExpressions;
using EksIr.Core.Containers;

namespace EksIr.Core.Memory.Volatility;

/// <summary>
/// Volatility 2's text output: linux_pstree ("Name Pid Uid", depth as leading dots, kernel threads as "[comm]"),
/// linux_pslist ("Offset Name Pid PPid Uid Gid DTB Start Time") and linux_psaux ("Pid Uid Gid Arguments").
/// </summary>
internal static partial class Vol2Text
{
    [GeneratedRegex(@"^\s*Name\s+Pid\s+Uid\s*$")]
    private static partial Regex PstreeHeader();

    [GeneratedRegex(@"^\s*Offset\s+Name\s+Pid\s+PPid\b")]
    private static partial Regex PslistHeader();

    [GeneratedRegex(@"^\s*Pid\s+Uid\s+Gid\s+Arguments\s*$")]
    private static partial Regex PsauxHeader();

    [GeneratedRegex(@"^(?<name>.*?)\s+(?<pid>\d+)\s+(?<uid>\S+)?\s*$")]
    private static partial Regex PstreeRow();

    [GeneratedRegex(@"^\s*(?<offset>0x[0-9a-fA-F]+)\s+(?<name>.+?)\s+(?<pid>\d+)\s+(?<ppid>\d+)\s+(?<uid>\S+)\s+(?<gid>\S+)\s+(?<dtb>\S+)\s*(?<start>.*)$")]
    private static partial Regex PslistRow();

    [GeneratedRegex(@"^\s*(?<pid>\d+)\s+(?<uid>\S+)\s+(?<gid>\S+)\s*(?<args>.*)$")]
    private static partial Regex PsauxRow();

    public static bool IsHeader(string line) => PstreeHeader().IsMatch(line) || PslistHeader().IsMatch(line) || PsauxHeader().IsMatch(line);

    public static ProcessListing Parse(string[] lines, int headerIndex, string file, List<EvidenceProblem> problems)
    {
        var header = lines[headerIndex];
        var (format, row) = PstreeHeader().IsMatch(header) ? ("volatility2 linux_pstree", PstreeRow())
            : PslistHeader().IsMatch(header) ? ("volatility2 linux_pslist", PslistRow())
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

            var match = row.Match(line);
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

                case "volatility2 linux_pslist":
                    rows.Add(new ProcessRow(pid, ProcessListingReader.Int(match.Groups["ppid"].Value), match.Groups["name"].Value.Trim(), null, null, null, uid,
                        match.Groups["offset"].Value, ProcessListingReader.Value(match.Groups["start"].Value), i + 1));
                    break;
                default:
                    rows.Add(new ProcessRow(pid, null, null, ProcessListingReader.Value(match.Groups["args"].Value), null, null, uid, null, null, i + 1));
                    break;
            }
        }

        return new ProcessListing(file, format, rows, problems);
    }
}
