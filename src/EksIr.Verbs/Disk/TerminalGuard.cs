using System.Text;

namespace EksIr.Verbs.Disk;

/// <summary>
/// Stdout when it is a terminal, for a verb that writes evidence bytes there (<c>cat</c>): binary content (a NUL byte,
/// or bytes that are not UTF-8) would be taken by the terminal as control sequences, so it is refused, with
/// <paramref name="refusal"/> saying what to do instead. The first <see cref="Held"/> bytes are held until they are
/// known to be text, so that a binary file usually prints nothing; binary met later stops the output there.
/// Call <see cref="Finish"/> once everything is written.
/// </summary>
public sealed class TerminalGuard(Stream terminal, Func<long, string> refusal) : Stream
{
    /// <summary>How much is held before the first byte reaches the terminal.</summary>
    public const int Held = 64 * 1024;

    private readonly MemoryStream _held = new();
    private readonly Decoder _utf8 = new UTF8Encoding(false, true).GetDecoder();
    private readonly char[] _chars = new char[Held + 8];
    private long _written;

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Check(buffer, flush: false);
        if (_held.Length + buffer.Length <= Held && _written == 0)
        {
            _held.Write(buffer);
            return;
        }

        Release();
        terminal.Write(buffer);
        _written += buffer.Length;
    }

    /// <summary>Writes what is still held: the content ended as text.</summary>
    public void Finish()
    {
        Check([], flush: true);
        Release();
        terminal.Flush();
    }

    private void Release()
    {
        if (_held.Length > 0)
        {
            terminal.Write(_held.GetBuffer().AsSpan(0, (int)_held.Length));
            _written += _held.Length;
            _held.SetLength(0);
        }
    }

    private void Check(ReadOnlySpan<byte> bytes, bool flush)
    {
        var binary = bytes.Contains((byte)0);
        if (!binary)
        {
            try
            {
                // The decoder keeps a character split between two writes, so that it is judged whole.
                _ = _utf8.GetChars(bytes, bytes.Length + 4 <= _chars.Length ? _chars : new char[bytes.Length + 4], flush);
            }
            catch (DecoderFallbackException)
            {
                binary = true;
            }
        }

        if (binary)
        {
            throw new VerbUsageException(refusal(_written));
        }
    }

    public override void Flush()
    {
        // Held bytes wait for Finish: flushing them early would show the start of a binary file.
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
