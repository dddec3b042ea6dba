using System.IO.Compression;
using System.Reflection;

namespace EksIr.Core.Evidence;

/// <summary>
/// A gzip file undone, whose end is checked. .NET's <see cref="GZipStream"/> ends quietly where a cut-off file ends (it
/// reports a damaged block, never a missing end), so a file cut between two events would read as a shorter whole
/// one. Here the end of the input must be the end of the last gzip member (its CRC-32 and length already checked by
/// zlib); otherwise the read that would end the stream throws <see cref="InvalidDataException"/> instead.
/// </summary>
public sealed class CheckedGzipStream : ForwardReadStream
{
    private static readonly FieldInfo? DeflateField = typeof(GZipStream).GetField("_deflateStream", BindingFlags.NonPublic | BindingFlags.Instance);
    private static readonly FieldInfo? InflaterField = typeof(DeflateStream).GetField("_inflater", BindingFlags.NonPublic | BindingFlags.Instance);

    /// <summary>The end of a gzip member of nothing: an empty final block (03 00), a CRC-32 of 0 and a length of 0.</summary>
    private static readonly byte[] EmptyMemberEnd = [0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0];

    private readonly TailStream _input;
    private readonly GZipStream _gzip;
    private long _produced;

    public CheckedGzipStream(Stream compressed)
    {
        _input = new TailStream(compressed);
        _gzip = new GZipStream(_input, CompressionMode.Decompress);
    }

    public override long Position
    {
        get => _produced;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var n = _gzip.Read(buffer);
        _produced += n;
        if (n == 0 && buffer.Length > 0 && !EndReached())
        {
            throw new InvalidDataException("the gzip data stops before its end (the file is cut off)");
        }

        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Whether zlib saw the last member end (the runtime's inflater says so), or the file is one empty member.</summary>
    private bool EndReached()
    {
        if (_produced == 0 && _input.Tail.SequenceEqual(EmptyMemberEnd))
        {
            return true;
        }

        var inflater = DeflateField?.GetValue(_gzip) is { } deflate ? InflaterField?.GetValue(deflate) : null;
        var finished = inflater?.GetType().GetMethod("Finished", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance);
        return finished?.Invoke(inflater, null) is not false; // a runtime without these internals: as the runtime says (tests catch it)
    }

    /// <summary>A pass-through that keeps the last bytes read.</summary>
    private sealed class TailStream(Stream inner) : ForwardReadStream
    {
        private readonly byte[] _tail = new byte[EmptyMemberEnd.Length];
        private int _kept;

        public ReadOnlySpan<byte> Tail => _tail.AsSpan(_tail.Length - _kept);

        public override long Position
        {
            get => inner.Position;
            set => throw new NotSupportedException();
        }

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            var read = buffer[..n];
            if (read.Length >= _tail.Length)
            {
                read[^_tail.Length..].CopyTo(_tail);
                _kept = _tail.Length;
            }
            else if (read.Length > 0)
            {
                _tail.AsSpan(read.Length).CopyTo(_tail);
                read.CopyTo(_tail.AsSpan(_tail.Length - read.Length));
                _kept = Math.Min(_tail.Length, _kept + read.Length);
            }

            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
