using System.Net;
using System.Text;
using EksIr.Core.Memory;

namespace EksIr.Core.Reporting;

/// <summary>A process tree as indented text (like pstree) and as a collapsible HTML tree with container badges and flags.</summary>
public static class ProcessTreeViews
{
    public static string Text(ProcessTree tree)
    {
        var text = new StringBuilder();
        foreach (var p in tree.Processes)
        {
            text.Append(new string(' ', p.Depth * 2)).Append(p.Pid).Append(' ').Append(p.Args ?? p.Comm);
            if (p.Container is { } c)
            {
                text.Append("  [").Append(Badge(c)).Append(']');
            }

            foreach (var flag in p.Flags)
            {
                text.Append("  !! ").Append(flag);
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>"pod default/sysdiag: sysdiag (8e1f2a3b4c5d)" — what a badge says.</summary>
    public static string Badge(ProcessContainer c)
    {
        var who = c.Kind == "sandbox" ? "sandbox" : c.Name ?? "container";
        var id = c.Id is { } i ? $" ({i[..Math.Min(12, i.Length)]})"
            : c.SandboxId is { } s ? $" (shim -id {s[..Math.Min(12, s.Length)]})"
            : $" (shim {c.ShimPid}; its -id is in linux.psaux)";
        return (c.Pod is { } pod ? $"pod {pod}: " : "") + who + id + (c.Source == "memory" ? ", from memory only" : "");
    }

    public static string Html(ProcessTree tree)
    {
        var html = new StringBuilder("<div class=\"eksir-pstree\" style=\"font-family:monospace;font-size:13px\">");
        var i = 0;
        Render(tree.Processes, ref i, 0, html);
        return html.Append("</div>").ToString();
    }

    private static void Render(IReadOnlyList<ProcessEntry> processes, ref int i, int depth, StringBuilder html)
    {
        while (i < processes.Count && processes[i].Depth == depth)
        {
            var p = processes[i++];
            var label = Label(p);
            if (i < processes.Count && processes[i].Depth > depth)
            {
                html.Append("<details open style=\"margin-left:1.2em\"><summary>").Append(label).Append("</summary>");
                Render(processes, ref i, depth + 1, html);
                html.Append("</details>");
            }
            else
            {
                html.Append("<div style=\"margin-left:2.2em\">").Append(label).Append("</div>");
            }
        }
    }

    private static string Label(ProcessEntry p)
    {
        var label = new StringBuilder();
        label.Append("<b>").Append(p.Pid).Append("</b> ").Append(WebUtility.HtmlEncode(p.Comm));
        if (p.Args is { } args && args != p.Comm)
        {
            label.Append(" <span style=\"color:#6a737d\">").Append(WebUtility.HtmlEncode(args.Length > 300 ? args[..300] + "…" : args)).Append("</span>");
        }

        if (p.Container is { } c)
        {
            var colour = c.Kind == "sandbox" ? "#6f42c1" : "#0366d6";
            label.Append($" <span style=\"background:{colour};color:#fff;border-radius:3px;padding:0 4px\">").Append(WebUtility.HtmlEncode(Badge(c))).Append("</span>");
        }

        foreach (var flag in p.Flags)
        {
            label.Append(" <span style=\"background:#cb2431;color:#fff;border-radius:3px;padding:0 4px\">").Append(WebUtility.HtmlEncode(flag)).Append("</span>");
        }

        return label.ToString();
    }

    public static readonly string[] FlaggedHeaders = ["PID", "PPID", "Command", "Container", "Flags"];

    public static IEnumerable<IReadOnlyList<string?>> FlaggedRows(ProcessTree tree) =>
        tree.Processes.Where(p => p.Flags.Count > 0).Select(p => (IReadOnlyList<string?>)
            [p.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Ppid?.ToString(System.Globalization.CultureInfo.InvariantCulture),
             p.Args ?? p.Comm, p.Container is { } c ? Badge(c) : null, string.Join("; ", p.Flags)]);
}
