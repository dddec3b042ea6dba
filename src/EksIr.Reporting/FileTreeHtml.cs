using System.Net;
using System.Text;
using EksIr.Core.Reporting;

namespace EksIr.Reporting;

/// <summary>
/// An expandable file tree in HTML (directories as open &lt;details&gt;), each entry with an A/C/D badge, its link
/// target and a grey detail line; used for container diffs and listings. Works offline, no script.
/// </summary>
public static class FileTreeHtml
{
    public sealed record Item(string Path, string? Change, string? LinkTarget, string? Detail);

    public static string Render(IEnumerable<Item> items, string? rootLabel = null)
    {
        var root = new Node("");
        foreach (var item in items)
        {
            var node = root;
            foreach (var part in item.Path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                node = node.Child(part);
            }

            node.Item = item;
        }

        var html = new StringBuilder("<div class=\"eksir-tree\" style=\"font-family:monospace;font-size:13px\">");
        if (rootLabel is not null)
        {
            html.Append("<div>").Append(WebUtility.HtmlEncode(rootLabel)).Append("</div>");
        }

        Render(root, html);
        return html.Append("</div>").ToString();
    }

    private static void Render(Node node, StringBuilder html)
    {
        foreach (var child in node.Children.Values)
        {
            var item = child.Item;
            var label = Badge(item?.Change) + WebUtility.HtmlEncode(child.Name) +
                        (item?.LinkTarget is { } target ? " → " + WebUtility.HtmlEncode(target) : "") +
                        (item?.Detail is { } detail ? $" <span style=\"color:#6a737d\">{WebUtility.HtmlEncode(detail)}</span>" : "");
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
        "A" => "<b style=\"color:#22863a\" title=\"added by the container\">A</b> ",
        "C" => "<b style=\"color:#b08800\" title=\"changed by the container\">C</b> ",
        "D" => "<b style=\"color:#cb2431\" title=\"deleted by the container\">D</b> ",
        _ => "<b style=\"color:#ccc\">·</b> ",
    };

    private sealed class Node(string name)
    {
        public string Name { get; } = name;

        public SortedDictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);

        public Item? Item { get; set; }

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
