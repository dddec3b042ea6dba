using EksIr.Core.Evidence;

namespace EksIr.Investigation.Timeline;

/// <summary>
/// Where each source of an incident is inside the case evidence (paths relative to the evidence root; null: not
/// used). <see cref="Find"/> takes the layout the playbooks use — guardduty/, cloudtrail/, control-plane/,
/// memory/volatility/ and node/ (a node's folder or its .tar/.tar.gz; the node's name is the file's; with several
/// archives, every one: <see cref="Node"/> the first, <see cref="OtherNodes"/> the rest) — and says, in a sentence each,
/// which are missing and what it did not take, instead of guessing.
/// </summary>
public sealed record IncidentSources(
    string? GuardDuty = null,
    string? CloudTrail = null,
    string? ControlPlane = null,
    string? Memory = null,
    string? Node = null,
    string? NodeName = null,
    IReadOnlyList<string>? OtherNodes = null)
{
    public static (IncidentSources Sources, IReadOnlyList<string> Notes) Find(EvidenceRoot root)
    {
        var missing = new List<string>();
        string? Folder(string path, string what)
        {
            try
            {
                root.Resolve(path);
            }
            catch (EvidenceAccessException e)
            {
                missing.Add($"not found: {what} ({path}/): {e.Reason}");
                return null;
            }

            if (root.DirectoryExists(path))
            {
                return path;
            }

            var link = root.Volume.Lstat(root.VolumePath(path))?.Kind == Core.FileSystems.FileKind.SymbolicLink;
            missing.Add($"not found: {what} ({path}/)" + (link ? ": a symbolic link whose target is not a folder inside the evidence; not followed" : ""));
            return null;
        }

        var archives = root.DirectoryExists("node")
            ? root.Walk("node", (path, why) => missing.Add($"{path}: not readable: {why}; a node archive in it is not found")).Where(e => e.Kind == EvidenceEntryKind.File && IsArchive(e.Path)).Select(e => e.Path).Order(StringComparer.Ordinal).ToList()
            : [];
        var node = archives.FirstOrDefault() ?? (root.DirectoryExists("node/var/lib") ? "node" : null);
        if (node is null)
        {
            missing.Add("not found: node disk (node/*.tar.gz or node/var/lib/…)");
        }
        else if (archives.Count > 1)
        {
            missing.Add($"node/ holds {archives.Count} node archives; the timeline reads each, its rows labelled with their node " +
                        $"({string.Join(", ", archives.Select(NodeNameOf))}; one alone: --node {NodeNameOf(archives[0])})");
        }

        var memory = root.DirectoryExists("memory/volatility") ? "memory/volatility" : Folder("memory", "memory (Volatility output)");
        var sources = new IncidentSources(Folder("guardduty", "GuardDuty findings"), Folder("cloudtrail", "CloudTrail"), Folder("control-plane", "control-plane logs"),
            memory, node, node is null || node == "node" ? null : NodeNameOf(node), archives.Count > 1 ? archives.Skip(1).ToList() : null);
        return (sources, missing);
    }

    /// <summary>A node archive's name without its extension: how collection names it (ip-10-0-1-2.ec2.internal.tar.gz).</summary>
    public static string NodeNameOf(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        foreach (var extension in new[] { ".tar.gz", ".tgz", ".tar" })
        {
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return name[..^extension.Length];
            }
        }

        return name;
    }

    private static bool IsArchive(string path) =>
        path.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tar", StringComparison.OrdinalIgnoreCase);
}
