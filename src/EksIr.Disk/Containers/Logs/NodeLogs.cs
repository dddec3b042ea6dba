using EksIr.Core.Evidence;

namespace EksIr.Disk.Containers.Logs;

/// <summary>The <c>logs</c> verb's engine: a container's log from its runtime's files (CRI logs, Docker json-file or local).</summary>
public static class NodeLogs
{
    /// <summary>The container and its log files, oldest first (what could not be looked in said in <paramref name="problems"/>).</summary>
    public static (ContainerRecord Container, IReadOnlyList<string> Files, LogFormat Format) Locate(EvidenceRoot root, string container, List<EvidenceProblem> problems)
    {
        var record = ContainerFilesystems.Select(NodeContainers.List(root).Containers, container);
        var (files, format) = Locate(root, record, problems);
        return (record, files, format);
    }

    /// <summary>The log files of a container already listed, oldest first (what could not be looked in said in <paramref name="problems"/>).</summary>
    public static (IReadOnlyList<string> Files, LogFormat Format) Locate(EvidenceRoot root, ContainerRecord record, List<EvidenceProblem> problems)
    {
        if (record.Runtime == "docker" && record.State != KubeletLogFolders.RemovedState)
        {
            if (DockerJsonLogReader.Files(root, record.Id, problems) is { Count: > 0 } json)
            {
                return (json, LogFormat.DockerJsonFile);
            }

            if (DockerLocalLogReader.Files(root, record.Id, problems) is { Count: > 0 } local)
            {
                return (local, LogFormat.DockerLocal);
            }
        }

        if (CriLogReader.PodLogDirectory(root, record, problems) is { } directory)
        {
            return (CriLogReader.Files(root, directory, problems), LogFormat.Cri);
        }

        throw new EvidenceAccessException(record.Id,
            $"no log files found for container {record.Name} (looked for var/lib/docker/containers/<id>/<id>-json.log, " +
            "var/lib/docker/containers/<id>/local-logs/container.log and var/log/pods/<ns>_<pod>_<uid>/<container>/)");
    }

    /// <summary>Every message of log files already located (<see cref="Locate(EvidenceRoot, string, List{EvidenceProblem})"/>), streamed.</summary>
    public static IEnumerable<LogLine> Read(EvidenceRoot root, IReadOnlyList<string> files, LogFormat format, List<EvidenceProblem> problems) => format switch
    {
        LogFormat.Cri => CriLogReader.Read(root, files, problems),
        LogFormat.DockerLocal => DockerLocalLogReader.Read(root, files, problems),
        _ => DockerJsonLogReader.Read(root, files, problems),
    };

    /// <summary>Every message, streamed (for the CLI); damaged lines go to <paramref name="problems"/>.</summary>
    public static IEnumerable<LogLine> Stream(EvidenceRoot root, string container, List<EvidenceProblem> problems)
    {
        var (_, files, format) = Locate(root, container, problems);
        return Read(root, files, format, problems);
    }

    /// <summary>Every message of a container already listed, streamed.</summary>
    public static IEnumerable<LogLine> Stream(EvidenceRoot root, ContainerRecord record, List<EvidenceProblem> problems)
    {
        var (files, format) = Locate(root, record, problems);
        return Read(root, files, format, problems);
    }

    /// <summary>
    /// The last <paramref name="tail"/> messages (all when null) with the total count, for a notebook: in the order read,
    /// or, <paramref name="inTimeOrder"/>, sorted by time (<see cref="LogTimeOrder"/>) and the last by time.
    /// </summary>
    public static ContainerLogs Tail(EvidenceRoot root, string container, int? tail, bool inTimeOrder = false)
    {
        var problems = new List<EvidenceProblem>();
        var (record, files, format) = Locate(root, container, problems);
        var kept = new Queue<LogLine>();
        long total = 0;
        var read = Read(root, files, format, problems);
        foreach (var line in inTimeOrder ? LogTimeOrder.Sorted(read) : read)
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

/// <summary>Which writer made a container's log files.</summary>
public enum LogFormat
{
    Cri,
    DockerJsonFile,
    DockerLocal,
}
