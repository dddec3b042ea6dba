using EksIr.Disk.Containers;
using EksIr.Disk.Containers.Logs;
using EksIr.Disk.Containers.Timeline;
using EksIr.Core.Evidence;

namespace EksIr.Investigation.Timeline.Sources;

/// <summary>
/// A node's disk as timeline rows: every container's creation from the runtime's metadata (source containerd or docker,
/// the runtime that ran it; entities: the container, its pod sandbox, pod and node — the labels are what tie a pod to a
/// container id), its start and exit from the CRI plugin's status checkpoint, the MAC times of every path its writable
/// layer changed (container-file; the runtime's empty mount points said so), and its log lines (container-log; addresses
/// in them linked).
/// </summary>
public static class NodeRows
{
    public static (IReadOnlyList<IncidentEvent> Rows, IReadOnlyList<EvidenceProblem> Problems) Read(EvidenceRoot node, string where, string? nodeName,
        TimeWindow window, IProgress<string>? progress = null)
    {
        var listing = NodeContainers.List(node);
        var problems = new List<EvidenceProblem>(listing.Problems.Select(p => p with { File = Inside(where, p.File) }));
        var rows = new List<IncidentEvent>();
        var sandboxes = listing.Containers.Where(c => c.Kind == "sandbox" && c.Pod is not null).ToDictionary(c => PodOf(c)!, c => c.Id);
        foreach (var c in listing.Containers.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id, StringComparer.Ordinal))
        {
            progress?.Report($"node {nodeName ?? where}: container {c.Name} ({c.Id[..Math.Min(12, c.Id.Length)]})");
            var pod = PodOf(c);
            var removed = c.State == KubeletLogFolders.RemovedState;
            var ids = new List<EntityRef?>
            {
                removed && c.Id.Contains('/') ? null : new EntityRef(EntityKinds.Container, c.Id), // a log folder is no container id
                pod is null ? null : new EntityRef(EntityKinds.Pod, pod),
                c.Kind != "sandbox" && pod is not null && sandboxes.TryGetValue(pod, out var sandbox) ? new EntityRef(EntityKinds.Container, sandbox) : null,
                nodeName is null ? null : new EntityRef(EntityKinds.Node, nodeName),
            };
            var entities = EntityText.Distinct(ids);
            var name = $"{(pod is null ? "" : pod + " ")}{(c.Kind == "sandbox" ? "sandbox" : c.ContainerName ?? c.Name)}";
            if (c.CreatedAt is { } created && window.Contains(created))
            {
                var reach = c.Security.Privileged == true ? ", privileged" : "";
                rows.Add(new IncidentEvent(created, TimelineSources.OfRuntime(c.Runtime), c.Kind == "sandbox" ? "sandbox created" : "container created",
                    $"{c.Runtime} {c.Kind ?? "container"} {c.Id[..Math.Min(12, c.Id.Length)]} created: {name}, image {c.Image}{reach}", entities,
                    new EvidenceRef(where, $"{c.Runtime} container {c.Id}"), $"{c.Runtime}:{c.Id}:created"));
            }

            if (c.RunStatus is { } run)
            {
                Run(where, c, run, name, entities, window, rows);
            }

            if (!removed) // a removed container's files went with it; its logs may remain
            {
                Files(node, where, c, name, entities, window, rows, problems);
            }

            if (c.Kind != "sandbox")
            {
                Logs(node, where, c, name, entities, window, rows, problems);
            }
        }

        return (rows, problems);
    }

    /// <summary>When the container's process started and ended, as the CRI plugin's status checkpoint recorded it.</summary>
    private static void Run(string where, ContainerRecord c, ContainerRunStatus run, string name, IReadOnlyList<EntityRef> entities, TimeWindow window,
        List<IncidentEvent> rows)
    {
        var id = c.Id[..Math.Min(12, c.Id.Length)];
        var evidence = new EvidenceRef($"{where}!/{run.Source}", $"{c.Runtime} container {c.Id}");
        if (run.StartedAt is { } started && window.Contains(started))
        {
            rows.Add(new IncidentEvent(started, TimelineSources.Containerd, "container started",
                $"{c.Runtime} container {id} started: {name}{(run.Pid is { } pid ? $", pid {pid}" : "")}", entities, evidence, $"containerd:{c.Id}:started"));
        }

        if (run.FinishedAt is { } finished && window.Contains(finished))
        {
            var how = (run.ExitCode is { } code ? $"exit code {code}" : "exit code unknown") + (run.Reason.Length > 0 ? $", {run.Reason}" : "") +
                      (run.Message.Length > 0 ? $": {(run.Message.Length > 300 ? run.Message[..300] + "…" : run.Message)}" : "");
            rows.Add(new IncidentEvent(finished, TimelineSources.Containerd, "container exited",
                $"{c.Runtime} container {id} exited: {name} ({how})", entities, evidence, $"containerd:{c.Id}:exited"));
        }
    }

    private static void Files(EvidenceRoot node, string where, ContainerRecord c, string name, IReadOnlyList<EntityRef> entities, TimeWindow window,
        List<IncidentEvent> rows, List<EvidenceProblem> problems)
    {
        ContainerTimeline timeline;
        try
        {
            timeline = ContainerTimeline.Of(node, c);
        }
        catch (EvidenceAccessException e)
        {
            problems.Add(new EvidenceProblem(where, $"container {c.Id}", "its file changes are not in the timeline: " + e.Message));
            return;
        }

        var archive = node.Problems.Select(p => new EvidenceProblem(p.Volume, p.Where, p.Problem)).ToHashSet(); // among the listing's already
        problems.AddRange(timeline.Problems.Where(p => !archive.Contains(p)).Select(p => p with { File = Inside(where, p.File) }));

        foreach (var e in timeline.Events().Where(e => window.Contains(e.Time)))
        {
            var change = e.Entry.Change switch { 'A' => "added", 'D' => "deleted", _ => "changed" };
            var mode = e.Entry.Change == 'D' ? "" : $" {e.Entry.Status.ModeString()}";
            mode += e.Entry.RuntimeMade ? ", an empty mount point the runtime made" : "";
            rows.Add(new IncidentEvent(e.Time, TimelineSources.ContainerFile, e.Description,
                $"{e.Entry.Path} ({change}{mode}) {e.Description} in {name}", entities,
                new EvidenceRef(where, $"{c.Id[..Math.Min(12, c.Id.Length)]}:{e.Entry.Path}"), $"file:{c.Id}:{e.Entry.Path}:{e.Time}"));
        }
    }

    private static void Logs(EvidenceRoot node, string where, ContainerRecord c, string name, IReadOnlyList<EntityRef> entities, TimeWindow window,
        List<IncidentEvent> rows, List<EvidenceProblem> problems)
    {
        var logProblems = new List<EvidenceProblem>();
        try
        {
            foreach (var line in NodeLogs.Stream(node, c, logProblems))
            {
                if (line.Time is not { } time)
                {
                    logProblems.Add(new EvidenceProblem(line.File, $"line {line.Line}", "a log line without a time; left out of the timeline"));
                    continue;
                }

                if (!window.Contains(time))
                {
                    continue;
                }

                var text = line.Message.Length > 300 ? line.Message[..300] + $"… ({line.Message.Length:N0} characters)" : line.Message;
                rows.Add(new IncidentEvent(time, TimelineSources.ContainerLog, line.Stream, $"{name} {line.Stream}: {text}",
                    EntityText.Distinct([.. entities, .. EntityText.Find(line.Message).Where(e => e.Kind == EntityKinds.Ip)]),
                    new EvidenceRef($"{where}!/{line.File}", $"line {line.Line}"), $"log:{c.Id}:{line.File}:{line.Line}"));
            }
        }
        catch (EvidenceAccessException e)
        {
            problems.Add(new EvidenceProblem(where, $"container {c.Id}", "its log is not in the timeline: " + e.Message));
        }

        problems.AddRange(logProblems.Select(p => p with { File = Inside(where, p.File) }));
    }

    /// <summary>
    /// A row of one of several nodes read into one timeline: its summary starts with the node's name and its id carries
    /// it, so rows say which node they came from and the same container found on two disks (a node collected live and
    /// from its snapshot) is two rows, not one dropped as a duplicate.
    /// </summary>
    public static IncidentEvent OfNode(IncidentEvent row, string node) => row with { Summary = $"[{node}] {row.Summary}", Id = $"{node}:{row.Id}" };

    /// <summary>A problem's file as the case names it: inside the node (node.tar.gz!/var/…), or the node itself for the archive's own.</summary>
    private static string Inside(string where, string file) => file.StartsWith('/') ? where : $"{where}!/{file}";

    private static string? PodOf(ContainerRecord c) => c.Pod is { Name: { } n } p ? $"{p.Namespace ?? "default"}/{n}" : null;
}
