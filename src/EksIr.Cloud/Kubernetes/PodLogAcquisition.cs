using System.Security.Cryptography;
using EksIr.Core.Plans;

namespace EksIr.Cloud.Kubernetes;

/// <summary>
/// The <c>acquire pod-logs</c> verb: every container's log of a pod (and, with previous, the previous instance's),
/// fetched from the API server into the case folder, each with its SHA-256. A dry run unless execute: the plan
/// names the files to write. Nothing existing is overwritten (a second run writes beside the first).
/// </summary>
public static class PodLogAcquisition
{
    public static async Task<ActionPlan> RunAsync(IClusterSource cluster, IPodLogReader? reader, string name, string ns, bool previous, string folder,
        bool execute, CancellationToken cancellationToken = default)
    {
        var pod = await cluster.PodAsync(name, ns, cancellationToken).ConfigureAwait(false)
                  ?? throw new ClusterException($"{cluster.Description}: no pod {ns}/{name}");
        if (execute && reader is null)
        {
            throw new ClusterException($"{cluster.Description}: a snapshot holds no logs; --execute fetches them from the live cluster (leave out --snapshot)");
        }

        var containers = (pod.Spec?.InitContainers ?? []).Concat(pod.Spec?.Containers ?? []).Select(c => c.Name).ToList();
        var target = Path.Combine(folder, $"{ns}_{name}");
        var actions = new List<PlannedAction>();
        foreach (var container in containers)
        {
            foreach (var old in previous ? new[] { false, true } : [false])
            {
                var file = Path.Combine(target, container + (old ? ".previous" : "") + ".log");
                var what = $"container {ns}/{name}/{container}" + (old ? " (previous instance)" : "");
                if (!execute)
                {
                    actions.Add(new PlannedAction("fetch log", what, true, file, "not fetched", "none needed (read-only)", PlannedAction.Planned));
                    continue;
                }

                actions.Add(await Fetch(reader!, name, ns, container, old, file, what, cancellationToken).ConfigureAwait(false));
            }
        }

        return new ActionPlan($"pod {ns}/{name} logs", execute, actions);
    }

    private static async Task<PlannedAction> Fetch(IPodLogReader reader, string pod, string ns, string container, bool previous, string file, string what,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var path = file;
        for (var n = 2; File.Exists(path); n++)
        {
            path = Path.Combine(Path.GetDirectoryName(file)!, $"{Path.GetFileNameWithoutExtension(file)}.{n}.log"); // never overwrite an earlier acquisition
        }

        try
        {
            await using var source = await reader.ReadLogAsync(pod, ns, container, previous, cancellationToken).ConfigureAwait(false);
            await using var sink = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 16];
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await sink.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                total += read;
            }

            return new PlannedAction("fetch log", what, false, path, $"{total} bytes, sha256 {Convert.ToHexStringLower(hash.GetHashAndReset())}",
                "none needed (read-only)", "done");
        }
        catch (ClusterException e) when (previous && e.Message.Contains("previous terminated container", StringComparison.Ordinal))
        {
            return new PlannedAction("fetch log", what, false, "no file written", "the container has not restarted", "none needed (read-only)", "nothing to fetch");
        }
    }
}
