using EksIr.Core.Reporting;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;
using EksIr.Investigation.Timeline.Sources;
using EksIr.Logs.CloudTrail;
using EksIr.Logs.Insights;

namespace EksIr.Investigation.Timeline;

/// <summary>How many rows a source gave, how many were the same event again (dropped), and what it could not read.</summary>
public sealed record SourceCount(string Source, string Where, int Rows, int Duplicates);

/// <summary>
/// One UTC timeline over every source of an incident: CloudTrail, the Kubernetes audit log and the other control-plane
/// logs, GuardDuty, process starts from memory, and the node's containers (creation, file MAC times, logs). Rows are
/// in time order (then source, then id), each event once (a repeated id — overlapping exports, an audit event's
/// stages — is counted, not shown twice), each with its source and the entities it names, credentials in them
/// redacted. What a source could not read is in <see cref="Problems"/>, never silently dropped.
/// </summary>
public sealed record SuperTimeline(IReadOnlyList<IncidentEvent> Events, IReadOnlyList<SourceCount> Sources, IReadOnlyList<EvidenceProblem> Problems,
    TimeWindow Window, IReadOnlyList<string> Notes)
{
    /// <summary>
    /// The timeline of the incident folder's sources, read from the local evidence; in a case (<paramref name="caseFolder"/>)
    /// the control-plane export is kept in the case's store, else it is streamed for the window.
    /// </summary>
    public static async Task<SuperTimeline> BuildAsync(EvidenceRoot root, IncidentSources sources, TimeWindow window, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default, string? caseFolder = null)
    {
        EvidenceProblem? noTrail = null;
        using var trail = sources.CloudTrail is { } ct ? OpenTrail(root, ct, out noTrail) : null;
        using var logs = sources.ControlPlane is { } cp ? new InsightsLocal(root, cp, null, new EksIr.Logs.Sql.LogEngineOptions(CaseFolder: caseFolder), oneShot: caseFolder is null) : null;
        var inputs = new TimelineInputs(root, sources.GuardDuty, trail, sources.CloudTrail, logs, sources.ControlPlane, sources.Memory, sources.Node, sources.NodeName,
            sources.OtherNodes);
        var timeline = await BuildAsync(inputs, window, progress, cancellationToken).ConfigureAwait(false);
        return noTrail is null ? timeline : timeline with { Problems = [noTrail, .. timeline.Problems] };
    }

    /// <summary>The folder's CloudTrail, or (a folder holding none) null and a problem of the timeline saying so.</summary>
    private static CloudTrailLocal? OpenTrail(EvidenceRoot root, string folder, out EvidenceProblem? problem)
    {
        problem = null;
        try
        {
            return new CloudTrailLocal(root, folder);
        }
        catch (EvidenceAccessException e)
        {
            problem = new EvidenceProblem(folder, "", "not in the timeline: " + e.Message);
            return null;
        }
    }

    public static async Task<SuperTimeline> BuildAsync(TimelineInputs inputs, TimeWindow window, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var parts = new List<(string Source, string Where, IReadOnlyList<IncidentEvent> Rows)>();
        var problems = new List<EvidenceProblem>();
        var notes = new List<string>();
        var root = inputs.Root;

        if (inputs.GuardDuty is { } gd)
        {
            progress?.Report($"GuardDuty: {gd}");
            Unreadable(gd, problems, () =>
            {
                var (rows, p, n) = GuardDutyRows.Read(root, gd, window);
                parts.Add((TimelineSources.GuardDuty, gd, rows));
                problems.AddRange(p);
                notes.AddRange(n.Select(note => "GuardDuty: " + note));
            });
        }

        if (inputs.CloudTrail is { } trail)
        {
            progress?.Report($"CloudTrail: {trail.Description}");
            var where = inputs.CloudTrailWhere ?? trail.Description;
            await UnreadableAsync(where, problems, async () =>
            {
                var (rows, p) = await CloudTrailRows.ReadAsync(trail, window, cancellationToken).ConfigureAwait(false);
                parts.Add((TimelineSources.CloudTrail, where, rows));
                problems.AddRange(p);
            }).ConfigureAwait(false);
        }

        if (inputs.ControlPlane is { } logs)
        {
            progress?.Report($"control plane: {logs.Description}");
            var where = inputs.ControlPlaneWhere ?? logs.Description;
            await UnreadableAsync(where, problems, async () =>
            {
                var (rows, p) = await ControlPlaneRows.ReadAsync(logs, where, window, cancellationToken).ConfigureAwait(false);
                parts.Add((TimelineSources.Audit, where, rows.Where(r => r.Source == TimelineSources.Audit).ToList()));
                parts.Add((TimelineSources.ControlPlane, where, rows.Where(r => r.Source == TimelineSources.ControlPlane).ToList()));
                problems.AddRange(p);
            }).ConfigureAwait(false);
        }

        EvidenceRoot? node = null;
        IReadOnlyList<(string Path, string? Name)> nodes = inputs.Node is { } firstNode
            ? [(firstNode, inputs.NodeName), .. (inputs.OtherNodes ?? []).Select(p => (p, (string?)IncidentSources.NodeNameOf(p)))]
            : [];
        foreach (var (nodePath, nodeName) in nodes)
        {
            progress?.Report($"node disk: {nodePath}");
            Unreadable(nodePath, problems, () =>
            {
                var disk = root.Subroot(nodePath); // what the archive could not take in is among the node's listing problems
                if (nodePath == nodes[0].Path)
                {
                    node = disk;
                }

                var (rows, p) = NodeRows.Read(disk, nodePath, nodeName, window, progress);
                if (nodes.Count > 1)
                {
                    rows = rows.Select(r => NodeRows.OfNode(r, nodeName ?? nodePath)).ToList();
                }

                // A runtime's lane is listed when it has rows (a node runs containerd, docker, or both); with none, containerd's.
                var runtimes = new[] { TimelineSources.Containerd, TimelineSources.Docker }.Where(s => rows.Any(r => r.Source == s)).DefaultIfEmpty(TimelineSources.Containerd);
                foreach (var source in runtimes.Append(TimelineSources.ContainerFile).Append(TimelineSources.ContainerLog))
                {
                    parts.Add((source, nodePath, rows.Where(r => r.Source == source).ToList()));
                }

                problems.AddRange(p);
            });
        }

        if (inputs.Memory is { } memory)
        {
            progress?.Report($"memory: {memory}");
            Unreadable(memory, problems, () =>
            {
                var (rows, p, _) = ProcessRows.Read(root, memory, node, window);
                parts.Add((TimelineSources.Memory, memory, rows));
                problems.AddRange(p);
            });
            if (node is null)
            {
                notes.Add("memory: processes attributed to containers from the shims alone (no node disk given for names and images)");
            }
            else if (nodes.Count > 1)
            {
                notes.Add($"memory: containers named from the disk of {nodes[0].Name ?? nodes[0].Path}, the first of {nodes.Count} nodes (one alone: --node)");
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var events = new List<IncidentEvent>();
        var counts = new List<SourceCount>();
        foreach (var (source, where, rows) in parts)
        {
            var kept = 0;
            foreach (var row in rows)
            {
                if (seen.Add(row.Id))
                {
                    events.Add(row.Redacted());
                    kept++;
                }
            }

            counts.Add(new SourceCount(source, where, kept, rows.Count - kept));
        }

        var order = TimelineSources.All.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i);
        events.Sort((a, b) =>
        {
            var c = a.Time.CompareTo(b.Time);
            c = c != 0 ? c : order.GetValueOrDefault(a.Source, 99).CompareTo(order.GetValueOrDefault(b.Source, 99));
            return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
        });
        return new SuperTimeline(events, counts, problems, window, notes);
    }

    /// <summary>
    /// A source that cannot be read at all (not a findings export, not a process listing, a corrupt archive) is a
    /// problem of the timeline, named with the reason; the other sources still make it.
    /// </summary>
    private static void Unreadable(string where, List<EvidenceProblem> problems, Action read) =>
        UnreadableAsync(where, problems, () =>
        {
            read();
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();

    private static async Task UnreadableAsync(string where, List<EvidenceProblem> problems, Func<Task> read)
    {
        try
        {
            await read().ConfigureAwait(false);
        }
        catch (Exception e) when (e is EvidenceAccessException or IOException or Core.Bolt.BoltFormatException or Core.FileSystems.Tar.TarFormatException
                                   or Logs.Sql.SqlQueryException)
        {
            problems.Add(new EvidenceProblem(where, "", "not in the timeline: " + e.Message));
        }
    }

    /// <summary>The rows naming an entity, or from a source, or in a window.</summary>
    public IEnumerable<IncidentEvent> Where(EntityRef? entity = null, string? source = null, TimeWindow? window = null) =>
        Events.Where(e => (entity is null || e.Names(entity)) && (source is null || e.Source == source) && (window is null || window.Contains(e.Time)));

    /// <summary>The row with this id (findings cite rows by id).</summary>
    public IncidentEvent? Find(string id) => Events.FirstOrDefault(e => e.Id == id);

    public string Summary =>
        $"{Counted.Of(Events.Count, "event")} from {Counted.Of(Sources.Count(s => s.Rows > 0), "source")} ({string.Join(", ", Sources.Where(s => s.Rows > 0).Select(s => $"{s.Source} {s.Rows:N0}"))})"
        + (Sources.Sum(s => s.Duplicates) is > 0 and var d ? $"; {d:N0} duplicates dropped" : "")
        + (Problems.Count > 0 ? $"; {Counted.Of(Problems.Count, "problem")} (see Problems)" : "")
        + (Events.Count > 0 ? $"; {Events[0].Time} to {Events[^1].Time}" : "");
}

/// <summary>
/// What a super-timeline reads: the evidence root (GuardDuty files, memory listings, the node disks inside it: the first,
/// then <see cref="OtherNodes"/>, each read and its rows labelled with its node when there are several) and the log
/// engines — local exports or the live services, the same queries either way.
/// </summary>
public sealed record TimelineInputs(
    EvidenceRoot Root,
    string? GuardDuty = null,
    ICloudTrailSql? CloudTrail = null,
    string? CloudTrailWhere = null,
    IInsightsQueries? ControlPlane = null,
    string? ControlPlaneWhere = null,
    string? Memory = null,
    string? Node = null,
    string? NodeName = null,
    IReadOnlyList<string>? OtherNodes = null);
