using EksIr.Disk.Containers;
using EksIr.Core.Evidence;

namespace EksIr.Memory.Volatility;

/// <summary>
/// Reads a process listing in whatever form the analyst has it and says which: Volatility 3 linux.pslist /
/// linux.pstree / linux.psaux in the quick text renderer ("*" depth), <c>-r csv</c> (TreeDepth), <c>-r json</c> and
/// <c>-r jsonl</c> ("__children"), <c>-r pretty</c> (" | " cells); Volatility 2 linux_pstree (dot depth), linux_pslist
/// (2.3-2.5 without PPid, 2.6 with it) and linux_psaux as text, and their <c>--output=json</c> tables. The output of
/// another plugin (bash, lsof, sockstat, proc maps, elfs) is named and not read as processes. Banner and
/// progress lines, CRLF, blank lines and unknown columns are tolerated; a row with unreadable values is skipped
/// and reported with its line number.
/// </summary>
public static class ProcessListingReader
{
    public const int MaxBytes = 256 << 20;

    public static ProcessListing Read(EvidenceRoot root, string path)
    {
        var repaired = new List<EvidenceProblem>();
        var listing = Parse(Utf8Repair.Text(root.ReadAllBytes(path, MaxBytes), path, repaired), path);
        return repaired.Count == 0 ? listing : listing with { Problems = [.. repaired, .. listing.Problems] };
    }

    public static ProcessListing Parse(string text, string file)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var problems = new List<EvidenceProblem>();
        var firstContent = Array.FindIndex(lines, l => l.Trim().Length > 0 && !IsBanner(l));
        if (firstContent < 0)
        {
            problems.Add(new EvidenceProblem(file, "", "no process listing in the file (empty, or only a banner)"));
            return new ProcessListing(file, "empty", [], problems);
        }

        var start = lines[firstContent].TrimStart();
        if (start.StartsWith('{') && Vol2Json.Is(lines, firstContent))
        {
            return Vol2Json.Parse(lines, firstContent, file, problems);
        }

        if (start.StartsWith('[') || start.StartsWith('{'))
        {
            return VolatilityJson.Parse(lines, firstContent, file, problems);
        }

        var headerIndex = Array.FindIndex(lines, firstContent, l => Vol3Text.IsHeader(l) || VolatilityCsv.IsHeader(l) || Vol2Text.IsHeader(l));
        var otherAt = Array.FindIndex(lines, firstContent, Math.Min(4, lines.Length - firstContent),
            l => KnownColumns.OtherPlugin(VolatilityCsv.IsHeader(l) ? VolatilityCsv.Cells(l) : Vol3Text.Cells(l)) is not null);
        if (otherAt >= 0 && (headerIndex < 0 || otherAt <= headerIndex))
        {
            var other = KnownColumns.OtherPlugin(VolatilityCsv.IsHeader(lines[otherAt]) ? VolatilityCsv.Cells(lines[otherAt]) : Vol3Text.Cells(lines[otherAt]))!;
            return NotAListing(file, $"line {otherAt + 1}", other, problems);
        }

        if (headerIndex < 0)
        {
            problems.Add(new EvidenceProblem(file, $"line {firstContent + 1}", "no header row of a known plugin (PID/PPID/COMM, TreeDepth,…, or Vol2's Name/Pid/Uid, Offset/Name/Pid/PPid, Offset/Name/Pid/Uid, Pid/Uid/Gid/Arguments)"));
            return new ProcessListing(file, "unknown", [], problems);
        }

        var header = lines[headerIndex];
        return VolatilityCsv.IsHeader(header) ? VolatilityCsv.Parse(lines, headerIndex, file, problems)
            : Vol3Text.IsHeader(header) ? Vol3Text.Parse(lines, headerIndex, file, problems)
            : Vol2Text.Parse(lines, headerIndex, file, problems);
    }

    /// <summary>The output of a plugin that is not a process listing, said as such (its PIDs are not processes to list).</summary>
    internal static ProcessListing NotAListing(string file, string where, string plugin, List<EvidenceProblem> problems)
    {
        problems.Add(new EvidenceProblem(file, where, $"a {plugin} output, not a process listing; not read as processes"));
        return new ProcessListing(file, plugin, [], problems);
    }

    /// <summary>Framework banners and progress lines that renderers print before the table.</summary>
    internal static bool IsBanner(string line)
    {
        var t = line.Trim();
        return t.StartsWith("Volatility 3 Framework", StringComparison.Ordinal)
               || t.StartsWith("Volatility Foundation Volatility Framework", StringComparison.Ordinal)
               || t.StartsWith("Volatile Systems Volatility Framework", StringComparison.Ordinal)
               || t.StartsWith("Progress:", StringComparison.Ordinal)
               || t.StartsWith("WARNING", StringComparison.Ordinal) || t.StartsWith("INFO ", StringComparison.Ordinal);
    }

    /// <summary>A line that may hold a row: not blank, not a banner or progress line.</summary>
    internal static bool IsContent(string line) => line.Trim().Length > 0 && !IsBanner(line);

    internal static int? Int(string? text) =>
        int.TryParse(text?.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;

    internal static long? Long(string? text) =>
        long.TryParse(text?.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>Volatility's markers for a value it could not read or that does not apply.</summary>
    internal static string? Value(string? text) =>
        text is null || text.Trim() is "" or "-" or "N/A" or "UnreadableValue" or "NotApplicableValue" or "NotAvailableValue" ? null : text.Trim();
}
