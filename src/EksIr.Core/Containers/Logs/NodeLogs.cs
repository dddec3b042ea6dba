using EksIr.Core.Evidence;

namespace EksIr.Core.Containers.Logs;

/// <summary>The <c>logs</c> verb's engine: a container's log from its runtime's files (CRI logs or Docker json-file).</summary>
public static class NodeLogs
{
    /// <summary>The container and its log files, oldest first.</summary>
    public static (ContainerRecord Container, IReadOnlyList<string> Files, bool Cri) Locate(EvidenceRoot root, string container)
    {
        var record = ContainerFilesystems.Select(NodeContainers.List(root).Containers, container);
        if (record.Runtime == "docker")
        {
            var files = DockerJsonLogReader.Files(root, record.Id);
            if (files.Count > 0)
            {
                return (record, files, false);
            }
        }

        if (CriLogReader.PodLogDirectory(root, record) is { } directory)
        {
            return (record, CriLogReader.Files(root, directory), true);
        }

        throw new EvidenceAccessException(record.Id,
            $"no log files found for container {record.Name} (looked for var/lib/docker/containers/<id>/<id>-json.log and var/log/pods/<ns>_<pod>_<uid>/<container>/)");
    }

    /// <summary>Every message, streamed (for the CLI); damaged lines go to <paramref name="problems"/>.</summary>
    public static IEnumerable<LogLine> Stream(EvidenceRoot root, string container, List<EvidenceProblem> problems)
    {
        var (_, files, cri) = Locate(root, container);
        return cri ? CriLogReader.Read(root, files, problems) : DockerJsonLogReader.Read(root, files, problems);
    }

    /// <summary>The last <paramref name="tail"/> messages (all when null) with the total count, for a notebook.</summary>
    public static ContainerLogs Tail(EvidenceRoot root, string container, int? tail)
    {
        var (record, files, cri) = Locate(root, container);
        var problems = new List<EvidenceProblem>();
        var kept = new Queue<LogLine>();
        long total = 0;
        foreach (var line in cri ? CriLogReader.Read(root, files, problems) : DockerJsonLogReader.Read(root, files, problems))
        {
            total++;
            kept.Enqueue(line);
            if (tail is { } n && kept.Count > n)
            {
                kept.Dequeue();
            }
        }

        return new ContainerLogs(record, kept.ToArray(), total, files, problems);
    }
}
