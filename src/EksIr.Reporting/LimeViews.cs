using System.Globalization;
using EksIr.Core.Reporting;
using EksIr.Memory;

namespace EksIr.Reporting;

/// <summary>A LiME dump's range map and facts, for tables.</summary>
public static class LimeViews
{
    public static readonly string[] Headers = ["#", "Physical start", "Physical end (incl.)", "Size", "File offset", "Note"];

    public static IEnumerable<IReadOnlyList<string?>> Rows(LimeDump dump) =>
        dump.Ranges.Select((r, i) => (IReadOnlyList<string?>)
            [i.ToString(CultureInfo.InvariantCulture), $"0x{r.Start:x}", $"0x{r.End:x}", ByteSize.Format(r.Size),
             r.Offset.ToString(CultureInfo.InvariantCulture), (ulong)r.Size < r.Length ? $"cut short: {r.Size} of {r.Length} bytes" : null]);

    public static IReadOnlyList<IReadOnlyList<string?>> Facts(LimeDump dump) =>
    [
        ["File", dump.File], ["Format", dump.Format + (dump.Compressed ? " (zlib-compressed)" : "")],
        ["File size", ByteSize.Format(dump.FileLength)], ["Memory in ranges", ByteSize.Format(dump.TotalBytes)], ["SHA-256", dump.Sha256],
        ["Digest sidecar", dump.Digest is { } d ? $"{d.Sidecar}: {d.Algorithm} {(d.Matches ? "matches" : $"DOES NOT MATCH (expected {d.Expected}, file has {d.Actual})")}" : "none"],
        ["Note", dump.Note],
    ];
}
