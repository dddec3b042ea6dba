using EksIr.Core.Containers;

namespace EksIr.Core.Reporting;

/// <summary>Renderings of a container diff: a table's rows, docker-diff text, and an expandable HTML file tree marking A/C/D.</summary>
public static class DiffViews
{
    public static readonly string[] Headers = ["Change", "Path", "Type", "Mode", "Size", "UID", "GID", "Modified (UTC)", "Link target"];

    public static IEnumerable<IReadOnlyList<string?>> Rows(ContainerDiff diff) =>
        diff.Changes.Select(c => (IReadOnlyList<string?>)
            [c.Change, c.Path, c.Type, c.Mode, c.Size?.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Uid?.ToString(System.Globalization.CultureInfo.InvariantCulture),
             c.Gid?.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Modified?.ToString(), c.LinkTarget]);

    /// <summary>Exactly docker diff's output: one "X /path" line per change.</summary>
    public static string DockerText(ContainerDiff diff) => string.Concat(diff.Changes.Select(c => $"{c.Change} {c.Path}\n"));

    /// <summary>A file tree of the changes: directories expandable, each entry with its change badge.</summary>
    public static string HtmlTree(ContainerDiff diff) =>
        FileTreeHtml.Render(diff.Changes.Select(c => new FileTreeHtml.Item(c.Path, c.Change, c.LinkTarget,
            c.Mode is { } mode ? $"{mode} {c.Size} {c.Modified}" : null)));
}
