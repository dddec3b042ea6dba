namespace EksIr.Core.Evidence;

/// <summary>A read-only stream that gives back bytes already read (a peeked magic number), then the rest of the source.</summary>
internal sealed class ReplayStream(byte[] replay, Stream rest) : ForwardReadStream
{
    private int _replayed;

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
}
