namespace EksIr.Core.FileSystems.Tar;

/// <summary>
/// The unpacked copy of an archive as it is written: the bytes go to the scratch file until the next write would
/// take it past its limit, which throws instead (nothing past the limit is ever written).
/// </summary>
internal sealed class BoundedSpill(Stream file, long limit, Func<Exception> overLimit) : Stream
{
    private long _written;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _written;

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length > limit - _written)
        {
            throw overLimit();
        }

        file.Write(buffer);
        _written += buffer.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush() => file.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
