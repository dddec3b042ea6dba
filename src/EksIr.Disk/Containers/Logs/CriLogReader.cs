using System.Text.RegularExpressions;
using EksIr.Core.Evidence;
using EksIr.Core.Reporting;
using EksIr.Core.Time;

namespace EksIr.Disk.Containers.Logs;

/// <summary>
/// Kubelet's CRI container logs: <c>var/log/pods/&lt;ns&gt;_&lt;pod&gt;_&lt;uid&gt;/&lt;container&gt;/&lt;restart&gt;.log</c>
/// (rotated as <c>.log.&lt;YYYYMMDD-HHMMSS&gt;</c>, optionally <c>.gz</c>), one line per chunk:
/// <c>&lt;RFC3339Nano&gt; &lt;stdout|stderr&gt; &lt;tags&gt; &lt;text&gt;</c>, read as kubelet reads them
/// (kubernetes' pkg/kubelet/kuberuntime/logs): the tags are separated by ':' and the first says whether the chunk is
/// partial (P, joined up to the next full chunk of the same stream) or full (F). A line with no tag (the format before
/// 2017) keeps all its text after the stream, and is said. A file whose first line is a JSON object is Docker's
/// json-file log behind dockershim's link, read as kubelet then read it.
/// </summary>
public static partial class CriLogReader
{
    [GeneratedRegex(@"^(\S+) (stdout|stderr) (?:([PF])(?::\S*)? )?(.*)$", RegexOptions.Singleline)]
    private static partial Regex Line();

    /// <summary>
    /// The container's kubelet log folder: from its CRI labels, or else through kubelet's
    /// <c>var/log/containers/&lt;pod&gt;_&lt;ns&gt;_&lt;container&gt;-&lt;id&gt;.log</c> link — an absolute link, resolved
    /// against the node root, never the analysis host.
    /// </summary>
    public static string? PodLogDirectory(EvidenceRoot root, ContainerRecord container, ICollection<EvidenceProblem> problems)
    {
        if (container.Pod is { Namespace: { } ns, Name: { } pod, Uid: { } uid } && container.ContainerName is { } name
            && EvidenceName.TryOf($"{ns}_{pod}_{uid}") is { } podFolder && EvidenceName.TryOf(name) is { } containerFolder
            && $"var/log/pods/{podFolder}/{containerFolder}" is var folder && root.DirectoryExists(folder))
        {
            return folder;
        }

        const string links = "var/log/containers";
        if (!root.DirectoryExists(links))
        {
            return null;
        }

        var link = root.Walk(links, problems, "a container's log link in it is not followed").FirstOrDefault(e => e.Path.EndsWith($"-{container.Id}.log", StringComparison.Ordinal));
        if (link is null)
        {
            return null;
        }

        var target = root.Resolve(link.Path);
        return root.FileExists(target) ? Path.GetDirectoryName(target) : null;
    }

    /// <summary>
    /// The log files of a container's directory, oldest first: by restart count, rotated before current. A link to a
    /// file in the evidence counts (dockershim linked each one to Docker's json-file log), resolved against the node root; a
    /// folder that cannot be read, or a link that cannot be followed (a loop, or out of the evidence), is said in <paramref name="problems"/>.
    /// </summary>
    public static IReadOnlyList<string> Files(EvidenceRoot root, string directory, ICollection<EvidenceProblem> problems) =>
        root.Walk(directory, problems, "a log file in it is not read")
            .Where(e => (e.Kind == EvidenceEntryKind.File || (e.Kind == EvidenceEntryKind.SymbolicLink && LinksToFile(root, e.Path, problems)))
                        && Path.GetFileName(e.Path) is var f && f.Contains(".log", StringComparison.Ordinal))
            .Select(e => e.Path)
            .OrderBy(p => RestartCount(Path.GetFileName(p)))
            .ThenBy(p => Path.GetFileName(p).EndsWith(".log", StringComparison.Ordinal) ? 1 : 0)
            .ThenBy(p => p, StringComparer.Ordinal)
            .ToArray();

    private static bool LinksToFile(EvidenceRoot root, string link, ICollection<EvidenceProblem> problems)
    {
        try
        {
            return root.FileExists(root.Resolve(link));
        }
        catch (EvidenceAccessException e)
        {
            problems.Add(new EvidenceProblem(link, "", $"a link not followed ({e.Reason}); not read as a log file"));
            return false;
        }
    }

    private static int RestartCount(string name) => int.TryParse(name.Split('.')[0], out var n) ? n : int.MaxValue;

    public static IEnumerable<LogLine> Read(EvidenceRoot root, IEnumerable<string> files, List<EvidenceProblem> problems)
    {
        foreach (var file in files)
        {
            var lines = IsDockerJson(root, file) ? DockerJsonLogReader.Read(root, [file], problems) : ReadCri(root, file, problems);
            foreach (var line in lines)
            {
                yield return line;
            }
        }
    }

    /// <summary>Whether the file's first line is a JSON object: dockershim's link to a json-file log, as kubelet tells them apart.</summary>
    private static bool IsDockerJson(EvidenceRoot root, string file) =>
        LogFileLines.Read(root, file, []).FirstOrDefault(l => l.Text.Length > 0).Text is { } first && first.StartsWith('{');

    private static IEnumerable<LogLine> ReadCri(EvidenceRoot root, string file, List<EvidenceProblem> problems)
    {
        long untagged = 0, firstUntagged = 0;
        var partial = new Dictionary<string, (PreciseTime? Time, long Line, System.Text.StringBuilder Text)>(StringComparer.Ordinal);
        foreach (var line in LogFileLines.Read(root, file, problems))
        {
            var m = Line().Match(line.Text);
            var time = m.Success ? Rfc3339.TryParse(m.Groups[1].Value) : null;
            if (!m.Success || time is null)
            {
                if (line.Text.Length > 0)
                {
                    problems.Add(new EvidenceProblem(file, $"line {line.Number}", "not a CRI log line"));
                }

                continue;
            }

            var streamName = m.Groups[2].Value;
            var text = m.Groups[4].Value;
            if (!m.Groups[3].Success && untagged++ == 0)
            {
                firstUntagged = line.Number;
            }

            if (m.Groups[3].Value == "P")
            {
                if (!partial.TryGetValue(streamName, out var open))
                {
                    partial[streamName] = open = (time, line.Number, new System.Text.StringBuilder());
                }

                open.Text.Append(text);
                continue;
            }

            if (partial.Remove(streamName, out var started))
            {
                yield return new LogLine(started.Time, streamName, started.Text.Append(text).ToString(), file, started.Line);
            }
            else
            {
                yield return new LogLine(time, streamName, text, file, line.Number);
            }
        }

        foreach (var (streamName, open) in partial)
        {
            yield return new LogLine(open.Time, streamName, open.Text.ToString(), file, open.Line); // a P with no F: the file ended mid-line
        }

        if (untagged > 0)
        {
            problems.Add(new EvidenceProblem(file, $"line {firstUntagged}",
                $"{Counted.Of(untagged, "line")} without a P or F tag after the stream (the CRI log format before 2017): each read whole, with all the text after the stream"));
        }
    }
}
