using EksIr.Core.Evidence;

namespace EksIr.Disk.Containers.Logs;

/// <summary>
/// kubelet's log folders, <c>var/log/pods/&lt;namespace&gt;_&lt;pod&gt;_&lt;uid&gt;/&lt;container&gt;/&lt;attempt&gt;.log</c>
/// (kubelet BuildPodLogsDirectory and BuildContainerLogsDirectory; namespace and pod names are DNS labels, so
/// they hold no '_'). kubelet removes a pod's folder with the pod, not with its containers: a container the
/// runtime has forgotten (an init container, an instance before a restart, one removed by kubelet's garbage
/// collection) keeps its folder, and its logs, while the pod lives.
/// </summary>
public static class KubeletLogFolders
{
    public const string Root = "var/log/pods";

    /// <summary>The state of a container the runtime no longer records.</summary>
    public const string RemovedState = "removed";

    /// <summary>A container's log folder: its pod, its Kubernetes container name, the folder and its files.</summary>
    public sealed record Folder(PodRef Pod, string ContainerName, string Path, IReadOnlyList<string> Files);

    /// <summary>Every container folder holding a file; a pod folder whose name kubelet could not have made is a problem, and skipped.</summary>
    public static IReadOnlyList<Folder> List(EvidenceRoot root, List<EvidenceProblem> problems)
    {
        if (!root.DirectoryExists(Root))
        {
            return [];
        }

        var folders = new List<Folder>();
        var badPods = new HashSet<string>(StringComparer.Ordinal);
        var entries = root.Walk(Root, (path, why) => problems.Add(new EvidenceProblem(path, "", "log folder unreadable: " + why)));
        foreach (var group in entries.Select(e => e.Path[(Root.Length + 1)..].Split('/')).Where(p => p.Length == 3)
                     .GroupBy(p => (PodFolder: p[0], Container: p[1])))
        {
            var (podFolder, container) = group.Key;
            if (podFolder.Split('_') is not [{ Length: > 0 } ns, { Length: > 0 } pod, { Length: > 0 } uid])
            {
                if (badPods.Add(podFolder))
                {
                    problems.Add(new EvidenceProblem($"{Root}/{podFolder}", "", "not a kubelet pod log folder name (<namespace>_<pod>_<uid>); its logs are not attributed to a pod"));
                }

                continue;
            }

            var path = $"{Root}/{podFolder}/{container}";
            folders.Add(new Folder(new PodRef(pod, ns, uid), container, path, group.Select(p => $"{path}/{p[2]}").ToArray()));
        }

        return folders;
    }

    /// <summary>
    /// The containers only a log folder still tells of: one record per folder no listed container claims (same pod
    /// uid, or same namespace and pod name when the runtime kept no uid, and same container name), state "removed".
    /// </summary>
    public static IEnumerable<ContainerRecord> Removed(EvidenceRoot root, IReadOnlyCollection<ContainerRecord> known, string runtime, List<EvidenceProblem> problems) =>
        List(root, problems)
            .Where(f => !known.Any(c => c.ContainerName == f.ContainerName && c.Pod is { } p
                                        && (p.Uid is not null ? p.Uid == f.Pod.Uid : p.Namespace == f.Pod.Namespace && p.Name == f.Pod.Name)))
            .Select(f => new ContainerRecord(
                f.Path, f.ContainerName, runtime, "", "", null, RemovedState, null, null, "container", f.Pod, f.ContainerName,
                new Dictionary<string, string>(), null, null, null, ContainerSecurity.Unknown));
}
