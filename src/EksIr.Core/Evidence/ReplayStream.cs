namespace EksIr.Core.Evidence;

/// <summary>A read-only stream that gives back bytes already read (a peeked magic number), then the rest of the source.</summary>
internal sealed class ReplayStream(byte[] replay, Stream rest) : Stream
{
    private int _replayed;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_replayed < replay.Length)
        {
            var n = Math.Min(buffer.Length, replay.Length - _replayed);
            replay.AsSpan(_replayed, n).CopyTo(buffer);
            _replayed += n;
            return n;
        }

        return rest.Read(buffer);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
