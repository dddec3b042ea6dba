using System.Globalization;
using System.Text;
using System.Text.Json;
using EksIr.Disk.Containers.Overlay;
using EksIr.Core.Evidence;
using EksIr.Core.FileSystems;
using EksIr.Core.Time;

namespace EksIr.Disk.Containers.Timeline;

/// <summary>
/// The timeline of a container's changes: every added, changed and deleted path of its writable layer with its
/// MAC(B) times in nanoseconds. A deletion's times are the whiteout's — when the file was deleted.
/// Renderings: a TSK bodyfile (mactime input) and Timesketch JSON lines. What of the layer could not be followed
/// (unreadable, or deeper than the path depth limit) is among its problems.
/// </summary>
public sealed record ContainerTimeline(ContainerRecord Container, IReadOnlyList<TimelineEntry> Entries, IReadOnlyList<EvidenceProblem> Problems)
{
    /// <summary>The file a rendering was written to (<c>--out</c>), when one was.</summary>
    public string? WrittenTo { get; init; }

    public static ContainerTimeline Of(EvidenceRoot root, string container) =>
        Of(root, ContainerFilesystems.Select(NodeContainers.List(root).Containers, container));

    /// <summary>The timeline of a container already listed.</summary>
    public static ContainerTimeline Of(EvidenceRoot root, ContainerRecord record)
    {
        var fs = ContainerFilesystems.Open(root, record);
        var entries = OverlayDiff.Changes(fs)
            .Where(c => c.Status is not null)
            .Select(c => new TimelineEntry(c.Path, c.Change, c.Status!, c.LinkTarget, fs.Layers[0].Id, c.RuntimeMade))
            .ToArray();
        return new ContainerTimeline(record, entries, [.. fs.Problems]);
    }

    /// <summary>Every (time, kind) event in time order, for tables and Timesketch.</summary>
    public IEnumerable<TimelineEvent> Events() =>
        Entries.SelectMany(e => e.Events()).OrderBy(e => e.Time).ThenBy(e => e.Entry.Path, StringComparer.Ordinal);

    /// <summary>
    /// TSK bodyfile 3.x: <c>MD5|name|inode|mode|UID|GID|size|atime|mtime|ctime|crtime</c>, one line per path, times as
    /// seconds since the epoch with the nanoseconds kept as a decimal fraction (0 = unknown). Names are the paths
    /// inside the container, prefixed with the container name; deletions are marked "(deleted)" as TSK does.
    /// </summary>
    public string Bodyfile()
    {
        var body = new StringBuilder();
        foreach (var e in Entries)
        {
            var s = e.Status;
            // Paths are in display form (control characters as \xNN); the container's name is text from evidence. A '|'
            // would split the line into forged fields (mactime splits on every '|'), so it is shown as \x7c too.
            var name = $"{EksIr.Core.Reporting.TerminalText.Escape(Container.Name)}:{e.Path}" + (e.Change == 'D' ? " (deleted)" : "") + (e.LinkTarget is { } t ? $" -> {t}" : "");
            body.Append(CultureInfo.InvariantCulture,
                $"0|{name.Replace("|", "\\x7c")}|{s.Inode}|{s.ModeString()}|{s.Uid}|{s.Gid}|{(e.Change == 'D' ? 0 : s.Size)}|" +
                $"{Seconds(s.AccessTime)}|{Seconds(s.ModifyTime)}|{Seconds(s.ChangeTime)}|{Seconds(s.BirthTime)}\n");
        }

        return body.ToString();
    }

    /// <summary>Timesketch JSON lines: one event per distinct timestamp of each path (message, datetime, timestamp in µs, timestamp_desc).</summary>
    public string TimesketchJsonl()
    {
        var lines = new StringBuilder();
        foreach (var e in Events())
        {
            var record = new Dictionary<string, object?>
            {
                ["message"] = $"{e.Entry.Change} {e.Entry.Path} ({e.Description}) in container {Container.Name}",
                ["datetime"] = e.Time.ToString(),
                ["timestamp"] = e.Time.UnixSeconds * 1_000_000 + e.Time.Nanoseconds / 1000,
                ["timestamp_desc"] = e.Description,
                ["data_type"] = "container:file:change",
                ["change"] = e.Entry.Change.ToString(),
                ["path"] = e.Entry.Path,
                ["mode"] = e.Entry.Change == 'D' ? null : e.Entry.Status.ModeString(),
                ["size"] = e.Entry.Change == 'D' ? null : e.Entry.Status.Size,
                ["uid"] = e.Entry.Status.Uid,
                ["gid"] = e.Entry.Status.Gid,
                ["inode"] = e.Entry.Status.Inode,
                ["container_id"] = Container.Id,
                ["container_name"] = Container.Name,
                ["pod"] = Container.Pod is { } p ? $"{p.Namespace}/{p.Name}" : null,
                ["layer"] = e.Entry.Layer,
            };
            lines.Append(JsonSerializer.Serialize(record)).Append('\n');
        }

        return lines.ToString();
    }

    /// <summary>A bodyfile time; 0 (mactime's "unknown") where the evidence does not keep that time.</summary>
    private static string Seconds(PreciseTime? time) => time is not { } t ? "0" :
        t.Nanoseconds == 0 ? t.UnixSeconds.ToString(CultureInfo.InvariantCulture) : $"{t.UnixSeconds.ToString(CultureInfo.InvariantCulture)}.{t.Nanoseconds:D9}";
}

/// <summary>One changed path of the container with its lstat (for a deletion, the whiteout's).</summary>
public sealed record TimelineEntry(string Path, char Change, FileStatus Status, string? LinkTarget, string Layer, bool RuntimeMade = false)
{
    /// <summary>The path's distinct times, each with what it means (equal times are merged, as mactime's "macb").</summary>
    public IEnumerable<TimelineEvent> Events()
    {
        var times = new List<(PreciseTime? Time, string Kind)>
        {
            (Status.ModifyTime, Change == 'D' ? "Deletion Time" : "Modification Time"),
            (Status.AccessTime, "Last Access Time"),
            (Status.ChangeTime, "Metadata Change Time"),
            (Status.BirthTime, "Creation Time"),
        };

        return times.Where(t => t.Time is not null).Select(t => (Time: t.Time!.Value, t.Kind)).GroupBy(t => t.Time).Select(g => new TimelineEvent(g.Key, string.Join("; ", g.Select(t => t.Kind)), this));
    }
}

public sealed record TimelineEvent(PreciseTime Time, string Description, TimelineEntry Entry);
