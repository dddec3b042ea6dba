using System.Text;

namespace EksIr.Core.Reporting;

/// <summary>An aligned plain-text table (the CLI's default output and the notebooks' text/plain).</summary>
public static class TextTable
{
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var all = rows.Select(r => r.Select(Clean).ToArray()).ToList();
        var widths = headers.Select(h => h.Length).ToArray();
        foreach (var row in all)
        {
            for (var i = 0; i < widths.Length && i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        var text = new StringBuilder();
        AppendRow(text, headers, widths);
        AppendRow(text, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (var row in all)
        {
            AppendRow(text, row, widths);
        }

        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, IReadOnlyList<string> cells, int[] widths)
    {
        for (var i = 0; i < widths.Length; i++)
        {
            var cell = i < cells.Count ? cells[i] : "";
            text.Append(i == widths.Length - 1 ? cell : cell.PadRight(widths[i] + 2));
        }

        text.Append('\n');
    }

    // Control characters from evidence would break the layout (or the terminal): show them escaped.
    private static string Clean(string? cell) => TerminalText.Escape(cell);
}
