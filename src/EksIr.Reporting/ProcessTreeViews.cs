using System.Net;
using System.Text;
using EksIr.Core.Reporting;
using EksIr.Memory;

namespace EksIr.Reporting;

/// <summary>
/// A process tree as indented text (like pstree) and as a collapsible HTML tree with container badges and flags.
/// Indentation (and HTML nesting) stops at <see cref="IndentedLevels"/>: a deeper process is drawn at that level with
/// its depth written out ("[depth 20000]"), so a chain of thousands of processes gives output linear in their number,
/// not in the square of the chain's length.
/// </summary>
public static class ProcessTreeViews
{
    /// <summary>How many levels of the tree are shown by indentation; deeper ones say their depth.</summary>
    public const int IndentedLevels = 40;

    /// <summary>
    /// The tree as text, one process a line. When the listings gave UIDs or start times, those come first as columns
    /// (under a header; "-" where a process has none), so a process's place in time reads beside its place in the tree.
    /// </summary>
    public static string Text(ProcessTree tree)
    {
        var text = new StringBuilder();
        var uids = tree.HasUids ? tree.Processes.Select(p => Uid(p).Length).Append("UID".Length).Max() : 0;
        var starts = tree.HasStartTimes ? tree.Processes.Select(p => Started(p).Length).Append("STARTED".Length).Max() : 0;
        void Columns(string uid, string started)
        {
            if (uids > 0)
            {
                text.Append(uid.PadRight(uids)).Append("  ");
            }

            if (starts > 0)
            {
                text.Append(started.PadRight(starts)).Append("  ");
            }
        }

        if (uids + starts > 0)
        {
            Columns("UID", "STARTED");
            text.Append("PID COMMAND\n");
        }

        foreach (var p in tree.Processes)
        {
            Columns(Uid(p), Started(p));
            text.Append(' ', Math.Min(p.Depth, IndentedLevels) * 2).Append(DepthMark(p)).Append(p.Pid).Append(' ').Append(TerminalText.Escape(p.Args ?? p.Comm));
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

    /// <summary>The tree's notes (no parent PIDs: no tree), one "note: …" line each.</summary>
    public static string NoteLines(ProcessTree tree) => string.Concat(tree.Notes.Select(n => $"note: {TerminalText.Escape(n)}\n"));

    private static string Uid(ProcessEntry p) => p.Uid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-";

    private static string Started(ProcessEntry p) => p.StartTime is { } t ? TerminalText.Escape(EksIr.Memory.Volatility.VolatilityTime.Shown(t)!) : "-";

    /// <summary>"pod default/sysdiag: sysdiag (8e1f2a3b4c5d)" — what a badge says.</summary>
    public static string Badge(ProcessContainer c)
    {
        var who = c.Kind == "sandbox" ? "sandbox" : c.Name ?? "container";
        var id = c.Id is { } i ? $" ({i[..Math.Min(12, i.Length)]})"
            : c.SandboxId is { } s ? $" (shim -id {s[..Math.Min(12, s.Length)]})"
            : $" (shim {c.ShimPid}; its -id is in linux.psaux)";
        return (c.Pod is { } pod ? $"pod {pod}: " : "") + who + id + (c.Source == "memory" ? ", from memory only" : "");
    }

    /// <summary>The tree as nested, collapsible HTML (tree order in, one pass, no recursion); nesting stops at <see cref="IndentedLevels"/>.</summary>
    public static string Html(ProcessTree tree)
    {
        var html = new StringBuilder(string.Concat(tree.Notes.Select(n => $"<p class=\"eksir-note\">{WebUtility.HtmlEncode(n)}</p>")));
        html.Append("<div class=\"eksir-pstree\" style=\"font-family:monospace;font-size:13px\">");
        var processes = tree.Processes;
        var open = 0; // <details> elements open: the nesting level of the next process
        for (var i = 0; i < processes.Count; i++)
        {
            var p = processes[i];
            for (; open > Math.Min(p.Depth, IndentedLevels); open--)
            {
                html.Append("</details>");
            }

            var label = Label(p);
            if (p.Depth < IndentedLevels && i + 1 < processes.Count && processes[i + 1].Depth > p.Depth)
            {
                html.Append("<details open style=\"margin-left:1.2em\"><summary>").Append(label).Append("</summary>");
                open++;
            }
            else
            {
                html.Append("<div style=\"margin-left:2.2em\">").Append(label).Append("</div>");
            }
        }

        for (; open > 0; open--)
        {
            html.Append("</details>");
        }

        return html.Append("</div>").ToString();
    }

    /// <summary>"[depth N] " for a process deeper than indentation shows, else nothing.</summary>
    private static string DepthMark(ProcessEntry p) =>
        p.Depth > IndentedLevels ? $"[depth {p.Depth.ToString(System.Globalization.CultureInfo.InvariantCulture)}] " : "";

    private static string Label(ProcessEntry p)
    {
        var label = new StringBuilder();
        label.Append(DepthMark(p)).Append("<b>").Append(p.Pid).Append("</b> ").Append(WebUtility.HtmlEncode(p.Comm));
        if (p.Args is { } args && args != p.Comm)
        {
            label.Append(" <span style=\"color:#6a737d\">").Append(WebUtility.HtmlEncode(args.Length > 300 ? args[..300] + "…" : args)).Append("</span>");
        }

        if (p.Uid is not null || p.StartTime is not null)
        {
            label.Append(" <span style=\"color:#6a737d\">(").Append(WebUtility.HtmlEncode(string.Join(", ",
                new[] { p.Uid is { } u ? $"uid {u.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : null, p.StartTime is { } t ? $"started {EksIr.Memory.Volatility.VolatilityTime.Shown(t)}" : null }
                    .Where(x => x is not null)))).Append(")</span>");
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

    public static readonly string[] FlaggedHeaders = ["PID", "PPID", "UID", "Started", "Command", "Container", "Flags"];

    public static IEnumerable<IReadOnlyList<string?>> FlaggedRows(ProcessTree tree) =>
        tree.Processes.Where(p => p.Flags.Count > 0).Select(p => (IReadOnlyList<string?>)
            [p.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Ppid?.ToString(System.Globalization.CultureInfo.InvariantCulture),
             p.Uid?.ToString(System.Globalization.CultureInfo.InvariantCulture), EksIr.Memory.Volatility.VolatilityTime.Shown(p.StartTime),
             p.Args ?? p.Comm, p.Container is { } c ? Badge(c) : null, string.Join("; ", p.Flags)]);
}
