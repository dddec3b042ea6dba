using System.Text;

namespace EksIr.Disk.Containers.Logs;

/// <summary>
/// Reads '\n'-terminated lines from a stream without ever holding more than <paramref name="maxLineBytes"/> (default
/// <see cref="MaxLineBytes"/>) of one line: a longer line (hostile, or a runaway log) is cut, and its full length
/// reported. As text, invalid UTF-8 is kept visible as U+FFFD rather than dropped; as bytes, it is left to the caller.
/// </summary>
public sealed class BoundedLineReader(Stream stream, int maxLineBytes = BoundedLineReader.MaxLineBytes)
{
    public const int MaxLineBytes = 1 << 20;

    private readonly byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;

    public long LineNumber { get; private set; }

    /// <summary>The next line (without '\n' or '\r\n') and its full length in bytes; null at end of stream.</summary>
    public (string Text, long Length)? Next() => NextBytes() is { } line ? (Encoding.UTF8.GetString(line.Bytes.Span), line.Length) : null;

    /// <summary>The next line's bytes (without '\n' or '\r\n'; cut at the limit) and its full length; null at end of stream.</summary>
    public (ReadOnlyMemory<byte> Bytes, long Length)? NextBytes()
    {
        var line = new MemoryStream();
        long length = 0;
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = stream.Read(_buffer, 0, _buffer.Length);
                if (_end == 0)
                {
                    if (length == 0)
                    {
                        return null;
                    }

                    break;
                }
            }

            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var chunkEnd = newline < 0 ? _end : newline;
            var chunk = chunkEnd - _start;
            length += chunk;
            var room = maxLineBytes - (int)line.Length;
            if (room > 0)
            {
                line.Write(_buffer, _start, Math.Min(chunk, room));
            }

            _start = newline < 0 ? _end : newline + 1;
            if (newline >= 0)
            {
                break;
            }
        }

        LineNumber++;
        var bytes = line.GetBuffer().AsMemory(0, (int)line.Length);
        if (bytes.Length > 0 && bytes.Span[^1] == '\r' && length == bytes.Length)
        {
            bytes = bytes[..^1];
        }

        return (bytes, length);
    }
}
