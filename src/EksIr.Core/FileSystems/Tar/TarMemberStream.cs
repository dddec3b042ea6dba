using Microsoft.Win32.SafeHandles;

namespace EksIr.Core.FileSystems.Tar;

/// <summary>The bytes of one archive member: a read-only, seekable window on the archive file (positional reads).</summary>
internal sealed class TarMemberStream(SafeFileHandle archive, long start, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var remaining = length - _position;
        if (remaining <= 0 || buffer.IsEmpty)
        {
            return 0;
        }

        var n = RandomAccess.Read(archive, buffer[..(int)Math.Min(buffer.Length, remaining)], start + _position);
        _position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("archive members are read-only");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("archive members are read-only");
}
