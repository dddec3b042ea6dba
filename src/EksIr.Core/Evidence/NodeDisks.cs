using EksIr.Core.FileSystems;

namespace EksIr.Core.Evidence;

/// <summary>
/// The node disks of an incident's evidence, where the playbooks and <c>acquire node</c> put them: <c>node/</c> holds one
/// archive (<c>&lt;node&gt;.tar.gz</c>, <c>.tgz</c>, <c>.tar</c>) or folder (holding <c>var/</c>) per node, named after
/// the node; or <c>node/</c> is itself one node's root (<c>node/var/lib/…</c>). A verb that reads a node takes the one
/// <c>--node</c> names (the node's name, or a path inside the evidence), else the only one; with several and none named,
/// it says which there are instead of choosing.
/// </summary>
public static class NodeDisks
{
    public const string Folder = "node";

    /// <summary>The node disks under <c>node/</c>, as paths inside the evidence, in byte order of names (none when there is no node/).</summary>
    public static IReadOnlyList<string> In(EvidenceRoot root)
    {
        if (!root.DirectoryExists(Folder))
        {
            return [];
        }

        if (root.DirectoryExists(Folder + "/var"))
        {
            return [Folder];
        }

        return root.Volume.ReadDirectory(root.VolumePath(root.Resolve(Folder)))
            .Select(name => Folder + "/" + RawPath.Display(name))
            .Where(path => IsArchive(path) ? root.FileExists(path) : root.DirectoryExists(path + "/var"))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The node disk <paramref name="named"/> names — a path inside the evidence, or a node's name (its archive's name
    /// without the extension) — else the only one under node/; null when the evidence has none and none is named.
    /// Several and none named, or a name that is none of them, is the analyst's to settle: the error lists them.
    /// </summary>
    public static string? Pick(EvidenceRoot root, string? named)
    {
        if (named is not null && (root.FileExists(named) || root.DirectoryExists(named)))
        {
            return named;
        }

        var disks = In(root);
        if (named is not null)
        {
            var name = NameOf(named);
            return disks.FirstOrDefault(d => NameOf(d) == name)
                   ?? throw new EvidenceAccessException(named, disks.Count == 0
                       ? "no such node archive or folder in the evidence, and node/ holds none"
                       : $"no such node archive or folder; node/ holds {List(disks)}");
        }

        return disks.Count switch
        {
            0 => null,
            1 => disks[0],
            _ => throw new EvidenceAccessException(Folder + "/", $"holds {disks.Count} node disks: {List(disks)}; name the one to read with --node NAME"),
        };
    }

    /// <summary>A node disk's name: its archive's or folder's name without the extension (ip-10-0-1-2.ec2.internal.tar.gz → ip-10-0-1-2.ec2.internal).</summary>
    public static string NameOf(string path)
    {
        var name = path.TrimEnd('/');
        name = name[(name.LastIndexOf('/') + 1)..];
        foreach (var extension in Extensions)
        {
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return name[..^extension.Length];
            }
        }

        return name;
    }

    public static bool IsArchive(string path) => Extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] Extensions = [".tar.gz", ".tgz", ".tar"];

    private static string List(IReadOnlyList<string> disks) => string.Join(", ", disks.Select(d => $"{NameOf(d)} ({d})"));
}
