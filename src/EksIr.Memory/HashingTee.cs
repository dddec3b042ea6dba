using System.Security.Cryptography;

namespace EksIr.Memory;

/// <summary>
/// A forward-only read of a dump that feeds every byte to the digest sidecar's hash (when its algorithm is not the
/// SHA-256 the evidence stream computes anyway) and reports progress.
/// </summary>
internal sealed class HashingTee(Stream inner, IncrementalHash? sidecarHash, IProgress<long>? progress) : EksIr.Core.Evidence.ForwardReadStream
{
    private long _read;
    private long _reported;

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        sidecarHash?.AppendData(buffer[..n]);
        _read += n;
        if (progress is not null && _read - _reported >= 256L << 20)
        {
            _reported = _read;
            progress.Report(_read);
        }

        return n;
    }

    /// <summary>Reads to the end, so the hashes cover the whole file.</summary>
    public void Drain()
    {
        var buffer = new byte[1 << 20];
        while (Read(buffer) > 0)
        {
        }
    }
}
