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

    /// <summary>Volatility's creation time (<see cref="Memory.Volatility.VolatilityTime"/>).</summary>
    public static PreciseTime? StartTime(string? text) => Memory.Volatility.VolatilityTime.Parse(text);
}
