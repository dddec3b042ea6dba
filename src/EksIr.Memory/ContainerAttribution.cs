using EksIr.Disk.Containers;

namespace EksIr.Memory;

/// <summary>
/// Which container each process runs in. Every containerd-shim ("containerd-shim" is the 15-character comm of
/// containerd-shim-runc-v2) serves one pod sandbox (CRI) or one container (Docker's moby namespace); its -id
/// argument, from psaux, is that sandbox's or container's id. The shim's children are the pod's pause process,
/// its containers' init processes and anything exec'd into them; their descendants inherit. With the node's
/// containerd metadata the ids become pods, container names and images; without it, memory alone names them.
/// </summary>
internal static class ContainerAttribution
{
    /// <summary>
    /// Each attributed process's container, the PIDs known to be a container's own main process (its entrypoint), and
    /// the processes that entrypoint's <c>sh -c CMD</c> started for CMD.
    /// </summary>
    public static Attribution Of(Dictionary<int, MergedProcess> processes, Dictionary<int, List<MergedProcess>> children, IReadOnlyList<ContainerRecord>? containers)
    {
        var result = new Dictionary<int, ProcessContainer>();
        var main = new HashSet<int>();
        var mainRecords = new Dictionary<int, ContainerRecord>();
        var entrypoints = new Dictionary<ContainerRecord, EntrypointCommand?>(ReferenceEqualityComparer.Instance); // each command parsed once
        bool Runs(ContainerRecord c, string comm)
        {
            if (!entrypoints.TryGetValue(c, out var entry))
            {
                entrypoints[c] = entry = Entrypoint(c);
            }

            return entry?.Runs(comm) == true;
        }

        foreach (var shim in processes.Values.Where(IsShim).OrderBy(p => p.Pid))
        {
            var id = Argument(shim.Args, "-id");
            var record = id is null ? null : containers?.FirstOrDefault(c => c.Id == id);
            var podContainers = record is { Kind: "sandbox", Pod: { } pod }
                ? containers!.Where(c => c.Kind == "container" && c.State != EksIr.Disk.Containers.Logs.KubeletLogFolders.RemovedState && c.Pod is { } p && (p.Uid ?? p.Name) == (pod.Uid ?? pod.Name)).ToList()
                : [];
            var unmatched = new List<ContainerRecord>(podContainers);
            var direct = children.GetValueOrDefault(shim.Pid, []);

            // First the processes that are a container's own entrypoint, then the rest (exec'd processes).
            var assigned = new Dictionary<int, ProcessContainer>();
            foreach (var child in direct)
            {
                if (child.Comm == "pause" || (record is { Kind: "sandbox" } && !assigned.Values.Any(a => a.Kind == "sandbox") && Runs(record, child.Comm)))
                {
                    assigned[child.Pid] = Sandbox(id, shim.Pid, record, child.Comm);
                    main.Add(child.Pid);
                }
                else if (record is not null && record.Kind != "sandbox")
                {
                    assigned[child.Pid] = FromRecord(record, id, shim.Pid); // one shim per container (Docker/moby, plain containerd)
                    if (Runs(record, child.Comm) && !assigned.Keys.Any(main.Contains))
                    {
                        main.Add(child.Pid);
                        mainRecords[child.Pid] = record;
                    }
                }
                else if (unmatched.FirstOrDefault(c => Runs(c, child.Comm)) is { } match)
                {
                    unmatched.Remove(match);
                    assigned[child.Pid] = FromRecord(match, id, shim.Pid);
                    main.Add(child.Pid);
                    mainRecords[child.Pid] = match;
                }
            }

            foreach (var child in direct.Where(c => !assigned.ContainsKey(c.Pid)))
            {
                assigned[child.Pid] = podContainers.Count == 1 ? FromRecord(podContainers[0], id, shim.Pid)
                    : record is { Pod: { } p } ? new ProcessContainer(null, null, $"{p.Namespace}/{p.Name}", null, "container", id, shim.Pid, "disk")
                    : new ProcessContainer(null, null, null, null, "container", id, shim.Pid, "memory");
            }

            foreach (var (pid, container) in assigned)
            {
                Inherit(pid, container, children, result);
            }
        }

        return new Attribution(result, main, EntrypointWork(mainRecords, processes, children));
    }

    /// <summary>
    /// The children a main process that is still the entrypoint's shell (<c>sh -c CMD</c>, not exec'd into CMD) started
    /// for CMD: named as one of CMD's commands. Anything else it started, and their children, stay the analyst's to judge.
    /// </summary>
    private static HashSet<int> EntrypointWork(Dictionary<int, ContainerRecord> mainRecords, Dictionary<int, MergedProcess> processes, Dictionary<int, List<MergedProcess>> children)
    {
        var work = new HashSet<int>();
        foreach (var (pid, record) in mainRecords)
        {
            if (Entrypoint(record) is { CommandComms.Count: > 0 } entry && processes[pid].Comm == entry.Comm)
            {
                work.UnionWith(children.GetValueOrDefault(pid, []).Where(c => entry.CommandComms.Contains(c.Comm)).Select(c => c.Pid));
            }
        }

        return work;
    }

    public static bool IsShim(MergedProcess p) => IsShim(p.Comm, p.Args);

    /// <summary>A containerd shim, by its name or, when the name is cut to 15 characters or missing, its command line.</summary>
    public static bool IsShim(string comm, string? args) =>
        comm.StartsWith("containerd-shim", StringComparison.Ordinal) || (args?.Contains("containerd-shim", StringComparison.Ordinal) ?? false);

    /// <summary>The value after a flag in a command line ("-id 9a43…"), or null.</summary>
    public static string? Argument(string? args, string flag)
    {
        var words = args?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var at = Array.IndexOf(words, flag);
        return at >= 0 && at + 1 < words.Length ? words[at + 1] : null;
    }

    /// <summary>A container's entrypoint from its OCI process args: its comm, and its <c>sh -c</c> string's commands.</summary>
    public static EntrypointCommand? Entrypoint(ContainerRecord c) => EntrypointCommand.Of(c.Security.Command);

    private static ProcessContainer Sandbox(string? id, int shimPid, ContainerRecord? record, string name) =>
        record is { Pod: { } p }
            ? new ProcessContainer(record.Id, "POD", $"{p.Namespace}/{p.Name}", record.Image, "sandbox", id, shimPid, "disk")
            : new ProcessContainer(id, name, null, null, "sandbox", id, shimPid, "memory");

    private static ProcessContainer FromRecord(ContainerRecord c, string? sandboxId, int shimPid) =>
        new(c.Id, c.ContainerName ?? c.Name, c.Pod is { } p ? $"{p.Namespace}/{p.Name}" : null, c.Image, c.Kind == "sandbox" ? "sandbox" : "container", sandboxId, shimPid, "disk");

    private static void Inherit(int pid, ProcessContainer container, Dictionary<int, List<MergedProcess>> children, Dictionary<int, ProcessContainer> result)
    {
        var stack = new Stack<int>([pid]);
        while (stack.TryPop(out var current))
        {
            if (!result.TryAdd(current, container))
            {
                continue; // already attributed (a loop, or a nested shim's own subtree)
            }

            foreach (var child in children.GetValueOrDefault(current, []).Where(c => !IsShim(c)))
            {
                stack.Push(child.Pid);
            }
        }
    }
}

/// <summary>Which container each process runs in, which are containers' entrypoints, and what those entrypoints' shells started for their command.</summary>
internal sealed record Attribution(Dictionary<int, ProcessContainer> Containers, HashSet<int> MainProcesses, HashSet<int> EntrypointWork);
