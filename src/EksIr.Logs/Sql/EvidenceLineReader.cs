using System.Buffers;
using System.Text;
using EksIr.Core.Evidence;

namespace EksIr.Logs.Sql;

/// <summary>
/// Reads one line of an evidence file at a byte offset a <see cref="LineTagger"/> gave, for the events whose text a case
/// store does not keep: each file opened once through the evidence root (read-only, O_NOATIME, journaled), reads from
/// several engine threads at once. A line that is not what the store took in there (the file changed since) is an
/// error naming the file and the offset, never another event's text.
/// </summary>
public sealed class EvidenceLineReader(EvidenceRoot root, int maxLine) : IDisposable
{
    private readonly Dictionary<string, Stream> _open = new(StringComparer.Ordinal);
    private static readonly UTF8Encoding Strict = new(false, throwOnInvalidBytes: true);
    private readonly Lock _lock = new();

    /// <summary>The line (without its end) that starts at <paramref name="offset"/> of <paramref name="evidencePath"/>.</summary>
    public string Line(string evidencePath, long offset)
    {
        Stream stream;
        lock (_lock)
        {
            if (!_open.TryGetValue(evidencePath, out stream!))
            {
                stream = root.OpenRead(evidencePath);
                _open[evidencePath] = stream;
            }
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(16 << 10, maxLine + 1));
        try
        {
            var length = 0;
            lock (stream)
            {
                stream.Seek(offset, SeekOrigin.Begin);
                while (true)
                {
                    var n = stream.Read(buffer.AsSpan(length));
                    var end = buffer.AsSpan(length, n).IndexOf((byte)'\n');
                    if (end >= 0 || n == 0)
                    {
                        length += end >= 0 ? end : n;
                        break;
                    }

                    length += n;
                    if (length == buffer.Length)
                    {
                        if (length > maxLine)
                        {
                            throw Changed(evidencePath, offset, "a line longer than any the store took in");
                        }

                        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxLine + 1));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }
            }

            var line = buffer.AsSpan(0, length).Trim(" \t\r"u8);
            if (line is not [(byte)'{', ..])
            {
                throw Changed(evidencePath, offset, "no JSON event starts there");
            }

            try
            {
                return Strict.GetString(line);
            }
            catch (DecoderFallbackException)
            {
                throw Changed(evidencePath, offset, "bytes that are not UTF-8");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static EvidenceAccessException Changed(string path, long offset, string what) =>
        new(path, $"byte {offset}: {what} — the file changed since the case store took it in; open the case again to read it anew");

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var stream in _open.Values)
            {
                stream.Dispose();
            }

            _open.Clear();
        }
    }
}
