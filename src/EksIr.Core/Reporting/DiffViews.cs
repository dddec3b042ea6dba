using System.Net;
using System.Text;
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

    /// <summary>A file tree of the changes: directories as &lt;details&gt; (open), each entry with its change badge.</summary>
    public static string HtmlTree(ContainerDiff diff)
    {
        var root = new Node("");
        foreach (var change in diff.Changes)
        {
            var node = root;
            foreach (var part in change.Path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                node = node.Child(part);
            }

            node.Row = change;
        }

        var html = new StringBuilder("<div class=\"eksir-tree\" style=\"font-family:monospace;font-size:13px\">");
        Render(root, html);
        return html.Append("</div>").ToString();
    }

    private static void Render(Node node, StringBuilder html)
    {
        foreach (var child in node.Children.Values)
        {
            var label = Badge(child.Row?.Change) + WebUtility.HtmlEncode(child.Name) +
                        (child.Row?.LinkTarget is { } target ? " → " + WebUtility.HtmlEncode(target) : "") +
                        (child.Row is { Mode: { } mode } row ? $" <span style=\"color:#6a737d\">{WebUtility.HtmlEncode(mode)} {row.Size} {row.Modified}</span>" : "");
            if (child.Children.Count == 0)
            {
                html.Append("<div style=\"margin-left:1.2em\">").Append(label).Append("</div>");
            }
            else
            {
                html.Append("<details open style=\"margin-left:1.2em\"><summary>").Append(label).Append("/</summary>");
                Render(child, html);
                html.Append("</details>");
            }
        }
    }

    private static string Badge(string? change) => change switch
    {
        "A" => "<b style=\"color:#22863a\">A</b> ",
        "C" => "<b style=\"color:#b08800\">C</b> ",
        "D" => "<b style=\"color:#cb2431\">D</b> ",
        _ => "<b style=\"color:#ccc\">·</b> ",
    };

    private sealed class Node(string name)
    {
        public string Name { get; } = name;

        public SortedDictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);

        public DiffRow? Row { get; set; }

        public Node Child(string part)
        {
            if (!Children.TryGetValue(part, out var child))
            {
                Children[part] = child = new Node(part);
            }

            return child;
        }
    }
}
