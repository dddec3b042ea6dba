using System.IO.Compression;

namespace EksIr.Core.Evidence;

/// <summary>
/// A gzip file undone, whose end is checked. .NET's <see cref="GZipStream"/> ends quietly where a cut-off file ends (it
/// reports a damaged block, never a missing end), so a file cut between two events would read as a shorter whole
/// one. Here the end of the input must be the end of the last gzip member (its CRC-32 and length already checked by
/// zlib); otherwise the read that would end the stream throws <see cref="InvalidDataException"/> instead.
/// </summary>
public sealed class CheckedGzipStream : CheckedInflateStream
{
    /// <summary>The end of a gzip member of nothing: an empty final block (03 00), a CRC-32 of 0 and a length of 0.</summary>
    private static readonly byte[] EmptyMemberEnd = [0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0];

    private readonly TailStream _input;

    public CheckedGzipStream(Stream compressed)
        : this(new TailStream(compressed))
    {
    }

    private CheckedGzipStream(TailStream input)
        : base(new GZipStream(input, CompressionMode.Decompress), "gzip") => _input = input;

    /// <summary>Whether zlib saw the last member end, or the file is one empty member.</summary>
    protected override bool EndReached() => (Produced == 0 && _input.Tail.SequenceEqual(EmptyMemberEnd)) || InflaterFinished();

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
