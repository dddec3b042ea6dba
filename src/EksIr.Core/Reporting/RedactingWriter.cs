using System.Text;

namespace EksIr.Core.Reporting;

/// <summary>
/// A text writer that passes every line through <see cref="Secrets.Redact"/> before the writer behind it sees it: a
/// credential split over several writes is still whole when redacted. A line is held until its newline or a flush.
/// </summary>
public sealed class RedactingWriter(TextWriter inner) : TextWriter
{
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => inner.Encoding;

    public override IFormatProvider FormatProvider => inner.FormatProvider;

    public override void Write(char value)
    {
        _line.Append(value);
        if (value == '\n')
        {
            PassOn();
        }
    }

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> buffer)
    {
        while (buffer.Length > 0)
        {
            var end = buffer.IndexOf('\n');
            if (end < 0)
            {
                _line.Append(buffer);
                return;
            }

            _line.Append(buffer[..(end + 1)]);
            PassOn();
            buffer = buffer[(end + 1)..];
        }
    }

    public override void Flush()
    {
        PassOn();
        inner.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
        }

        base.Dispose(disposing);
    }

    /// <summary>The held line (ending in its newline, or cut by a flush) goes on, redacted.</summary>
    private void PassOn()
    {
        if (_line.Length == 0)
        {
            return;
        }

        inner.Write(Secrets.Redact(_line.ToString()));
        _line.Clear();
    }
}
