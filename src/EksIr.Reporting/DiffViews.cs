using EksIr.Core.Reporting;
using EksIr.Disk.Containers;

namespace EksIr.Reporting;

/// <summary>Renderings of a container diff: a table's rows, docker-diff text, and an expandable HTML file tree marking A/C/D.</summary>
public static class DiffViews
{
    public static readonly string[] Headers = ["Change", "Path", "Type", "Mode", "Size", "UID", "GID", "Modified (UTC)", "Link target"];

    /// <summary>How a mount point the runtime made is marked where it is shown.</summary>
    public const string RuntimeMadeMark = "runtime-made";

    public static IEnumerable<IReadOnlyList<string?>> Rows(ContainerDiff diff) =>
        diff.Changes.Select(c => (IReadOnlyList<string?>)
            [c.RuntimeMade ? $"{c.Change} ({RuntimeMadeMark})" : c.Change, c.Path, c.Type, c.Mode, c.Size?.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Uid?.ToString(System.Globalization.CultureInfo.InvariantCulture),
             c.Gid?.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Modified?.ToString(), c.LinkTarget]);

    /// <summary>Exactly docker diff's output: one "X /path" line per change (a runtime-made mount point, when shown, marked after it).</summary>
    public static string DockerText(ContainerDiff diff) =>
        string.Concat(diff.Changes.Select(c => c.RuntimeMade ? $"{c.Change} {c.Path}  ({RuntimeMadeMark})\n" : $"{c.Change} {c.Path}\n"));

    /// <summary>A file tree of the changes: directories expandable, each entry with its change badge.</summary>
    public static string HtmlTree(ContainerDiff diff) =>
        FileTreeHtml.Render(diff.Changes.Select(c => new FileTreeHtml.Item(c.Path, c.Change, c.LinkTarget,
            c.Mode is { } mode ? (c.RuntimeMade ? RuntimeMadeMark + " " : "") + $"{mode} {c.Size} {c.Modified}" : null)));
}
