using System.Globalization;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;
using EksIr.Memory;
using EksIr.Core.Time;

namespace EksIr.Investigation.Timeline.Sources;

/// <summary>
/// Process starts from the node's memory (Volatility's listings merged into one tree, attributed to containers by the
/// shim's -id and, with the node's disk, its containerd metadata). Entities: the process and its parent (PIDs; not PID
/// 1 or the kernel's 2, which would link every service), the container and pod it runs in, the container a shim serves, and addresses and access keys in its command line. The analyst's flags are in the summary.
/// </summary>
public static partial class ProcessRows
{
    public static (IReadOnlyList<IncidentEvent> Rows, IReadOnlyList<EvidenceProblem> Problems, ProcessTree Tree) Read(EvidenceRoot root, string path,
        EvidenceRoot? node, TimeWindow window)
    {
        var tree = ProcessTree.Of(root, path, node);
        var problems = new List<EvidenceProblem>(tree.Problems);
        var rows = new List<IncidentEvent>();
        foreach (var p in tree.Processes)
        {
            var pid = p.Pid.ToString(CultureInfo.InvariantCulture);
            if (StartTime(p.StartTime) is not { } time)
            {
                if (p.StartTime is not null)
                {
                    problems.Add(new EvidenceProblem(path, $"PID {pid}", $"start time '{p.StartTime}' is not a time; left out of the timeline"));
                }

                continue;
            }

            if (!window.Contains(time))
            {
                continue;
            }

            var c = p.Container;
            var entities = new List<EntityRef?>
            {
                new(EntityKinds.Process, pid),
                p.Ppid is { } ppid and > 2 ? new EntityRef(EntityKinds.Process, ppid.ToString(CultureInfo.InvariantCulture)) : null,
                c?.Id is { } id ? new EntityRef(EntityKinds.Container, id) : null,
                p.ShimFor is { } served ? new EntityRef(EntityKinds.Container, served) : null,
                c?.Pod is { } pod ? new EntityRef(EntityKinds.Pod, pod) : null,
            };
            entities.AddRange(EntityText.Find(p.Args).Where(e => e.Kind != EntityKinds.Instance));
            var where = c is null ? "" : $" in {(c.Pod is null ? "" : c.Pod + " ")}{c.Name ?? c.Kind}" + (c.ShimPid == p.Pid ? " (its shim)" : "");
            var flags = p.Flags.Count == 0 ? "" : " — " + string.Join("; ", p.Flags);
            rows.Add(new IncidentEvent(time, TimelineSources.Memory, "process start",
                $"PID {pid} {p.Comm} (parent {p.Ppid?.ToString(CultureInfo.InvariantCulture) ?? "?"}){where}: {p.Args ?? "[" + p.Comm + "]"}{flags}",
                EntityText.Distinct(entities), new EvidenceRef(path, $"PID {pid}"), $"memory:{pid}:{time}"));
        }

        return (rows, problems, tree);
    }

    /// <summary>
    /// Volatility's creation time: Volatility 3's "2026-11-29 06:23:58.702000 UTC" (text and CSV; " UTC" absent from a
    /// naive time) or RFC 3339 (JSON renderers); Volatility 2's "2014-03-29 14:10:23 UTC+0000" (%Z%z: a zone's name and
    /// its offset, another zone with --tz).
    /// </summary>
    public static PreciseTime? StartTime(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var t = text.Trim();
        if (Vol2Zone().Match(t) is { Success: true } zone)
        {
            var hours = int.Parse(zone.Groups["hh"].Value, CultureInfo.InvariantCulture);
            var minutes = int.Parse(zone.Groups["mm"].Value, CultureInfo.InvariantCulture);
            t = hours > 14 || minutes > 59 ? "" : $"{t[..zone.Index]}{zone.Groups["sign"].Value}{zone.Groups["hh"].Value}:{zone.Groups["mm"].Value}";
            return t.Length == 0 ? null : Rfc3339.TryParse(t[..10] + "T" + t[11..]);
        }

        if (t.EndsWith(" UTC", StringComparison.Ordinal))
        {
            t = t[..^4];
        }
        else if (t.EndsWith("+00:00", StringComparison.Ordinal) && t.Length > 19 && t[10] == ' ')
        {
            t = t[..^6];
        }

        return Rfc3339.TryParse(t.Length > 10 && t[10] == ' ' ? t[..10] + "T" + t[11..] + "Z" : t);
    }

    /// <summary>Volatility 2's " UTC+0000" / " EDT-0400": a zone name, then a signed hhmm offset, at the end.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@" [A-Za-z][A-Za-z0-9_/+-]*?(?<sign>[+-])(?<hh>\d{2})(?<mm>\d{2})$")]
    private static partial System.Text.RegularExpressions.Regex Vol2Zone();
}
