using System.Security.Cryptography;

namespace EksIr.Core.Evidence;

/// <summary>
/// A read-only, forward-only view of an evidence file that hashes what passes through it. On dispose it reports
/// the read; the SHA-256 is reported only when the file was read to its end in order (otherwise it would be
/// the hash of a part, which an analyst could mistake for the file's).
/// </summary>
internal sealed class HashingReadStream : Stream
{
    private readonly Stream _inner;
    private readonly string _evidencePath;
    private readonly IEvidenceReadRecorder? _recorder;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _bytesRead;
    private bool _sequential = true;
    private bool _reachedEnd;
    private bool _disposed;

    public HashingReadStream(Stream inner, string evidencePath, IEvidenceReadRecorder? recorder)
    {
        _inner = inner;
        _evidencePath = evidencePath;
        _recorder = recorder;
    }

    public override bool CanRead => true;
    public override bool CanSeek => _inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = _inner.Read(buffer);
        Account(buffer[..n], buffer.Length);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Account(buffer.Span[..n], buffer.Length);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void Account(ReadOnlySpan<byte> data, int requested)
    {
        if (data.Length == 0)
        {
            // A zero-byte read for a non-empty buffer is end of file.
            _reachedEnd |= requested > 0;
            return;
        }

        _bytesRead += data.Length;
        if (_sequential)
        {
            _hash.AppendData(data);
        }
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _inner.Position + offset,
            _ => _inner.Length + offset,
        };
        if (target != _inner.Position)
        {
            _sequential = false;
        }

        return _inner.Seek(offset, origin);
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("Evidence is read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Evidence is read-only.");

    /// <summary>
    /// The SHA-256 of the whole file once it has been read to its end in order (the one the journal will record);
    /// null before, or when it was read out of order.
    /// </summary>
    public string? WholeFileSha256 =>
        _sequential && (_reachedEnd || _bytesRead == _inner.Length) ? Convert.ToHexStringLower(_hash.GetCurrentHash()) : null;

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            var size = _inner.Length;
            var complete = _sequential && (_reachedEnd || _bytesRead == size);
            var sha = complete ? Convert.ToHexStringLower(_hash.GetHashAndReset()) : null;
            _inner.Dispose();
            _hash.Dispose();
            _recorder?.Record(new EvidenceFileRead(_evidencePath, size, _bytesRead, sha));
        }

        base.Dispose(disposing);
    }
}
