using System.Text;

namespace EksIr.Core.Reporting;

/// <summary>
/// Text from evidence on its way to a terminal or a line-based file: control characters (C0, DEL, C1 — a newline
/// that would fabricate a row, an ESC sequence that would drive the terminal) shown as <c>\xNN</c>, never emitted.
/// </summary>
public static class TerminalText
{
    /// <summary>One line's worth of text: every control character escaped.</summary>
    public static string Escape(string? text) => Clean(text, keepLineBreaks: false);

    /// <summary>A block of lines the project wrote (messages, plans) with values from evidence in it: line breaks and tabs kept.</summary>
    public static string Lines(string? text) => Clean(text, keepLineBreaks: true);

    private static string Clean(string? text, bool keepLineBreaks)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        if (!text.AsSpan().ContainsAnyInRange('\u0000', '\u001f') && !text.AsSpan().ContainsAnyInRange('\u007f', '\u009f'))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (char.IsControl(c) && !(keepLineBreaks && c is '\n' or '\t'))
            {
                clean.Append("\\x").Append(((int)c).ToString("x2"));
            }
            else
            {
                clean.Append(c);
            }
        }

        return clean.ToString();
    }
}
