using System.Text.RegularExpressions;
using EksIr.Core.Evidence;
using EksIr.Core.Time;

namespace EksIr.Core.Containers.Logs;

/// <summary>
/// Kubelet's CRI container logs: <c>var/log/pods/&lt;ns&gt;_&lt;pod&gt;_&lt;uid&gt;/&lt;container&gt;/&lt;restart&gt;.log</c>
/// (rotated as <c>.log.&lt;YYYYMMDD-HHMMSS&gt;</c>, optionally <c>.gz</c>), one line per chunk:
/// <c>&lt;RFC3339Nano&gt; &lt;stdout|stderr&gt; &lt;P|F&gt; &lt;text&gt;</c>; P chunks are joined up to the next F of the same stream.
/// </summary>
public static partial class CriLogReader
{
    [GeneratedRegex(@"^(\S+) (stdout|stderr) (?:(P|F) )?(.*)$", RegexOptions.Singleline)]
    private static partial Regex Line();

    /// <summary>
    /// The container's kubelet log folder: from its CRI labels, or else through kubelet's
    /// <c>var/log/containers/&lt;pod&gt;_&lt;ns&gt;_&lt;container&gt;-&lt;id&gt;.log</c> link — an absolute link, resolved
    /// against the node root, never the analysis host.
    /// </summary>
    public static string? PodLogDirectory(EvidenceRoot root, ContainerRecord container)
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

        var link = root.Walk(links).FirstOrDefault(e => e.Path.EndsWith($"-{container.Id}.log", StringComparison.Ordinal));
        if (link is null)
        {
            return null;
        }

        var target = root.Resolve(link.Path);
        return root.FileExists(target) ? Path.GetDirectoryName(target) : null;
    }

    /// <summary>The log files of a container's directory, oldest first: by restart count, rotated before current.</summary>
    public static IReadOnlyList<string> Files(EvidenceRoot root, string directory) =>
        root.Walk(directory)
            .Where(e => e.Kind == EvidenceEntryKind.File && Path.GetFileName(e.Path) is var f && f.Contains(".log", StringComparison.Ordinal))
            .Select(e => e.Path)
            .OrderBy(p => RestartCount(Path.GetFileName(p)))
            .ThenBy(p => Path.GetFileName(p).EndsWith(".log", StringComparison.Ordinal) ? 1 : 0)
            .ThenBy(p => p, StringComparer.Ordinal)
            .ToArray();

    private static int RestartCount(string name) => int.TryParse(name.Split('.')[0], out var n) ? n : int.MaxValue;

    public static IEnumerable<LogLine> Read(EvidenceRoot root, IEnumerable<string> files, List<EvidenceProblem> problems)
    {
        foreach (var file in files)
        {
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
        }
    }
}
