using System.IO.Compression;
using EksIr.Core.Evidence;

namespace EksIr.Core.FileSystems.Tar;

/// <summary>
/// A gzip-compressed archive decompressed up to the first damaged block: where the gzip data no longer inflates, the
/// stream ends (instead of throwing) and <see cref="Damage"/> says where — the compressed bytes it stopped in (the
/// last read of them: zlib does not say closer; garbage may inflate a while before it stops, and a damage found only
/// by the CRC at the end has no place) and how many archive bytes came out before it. The tar reader then keeps every
/// member before that point, marks the member it cuts as cut (and a header garbage broke as damaged); the rest is lost.
/// </summary>
internal sealed class GzipUpToDamage : ForwardReadStream
{
    private readonly CountingStream _compressed;
    private readonly GZipStream _gzip;
    private readonly string _archive;
    private long _decompressed;

    public GzipUpToDamage(Stream compressed, string archive)
    {
        _compressed = new CountingStream(compressed);
        _gzip = new GZipStream(_compressed, CompressionMode.Decompress, leaveOpen: true);
        _archive = archive;
    }

    /// <summary>Where the gzip data stopped inflating, or null while (and when) it is whole.</summary>
    public VolumeProblem? Damage { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        if (Damage is not null)
        {
            return 0;
        }

        try
        {
            var n = _gzip.Read(buffer);
            _decompressed += n;
            return n;
        }
        catch (InvalidDataException)
        {
            // .NET says "unsupported compression method" for every zlib error; where it stopped is what helps.
            Damage = new VolumeProblem(_archive, $"compressed bytes {_compressed.LastReadStart}-{_compressed.Count}",
                "the gzip data does not inflate past these bytes (damaged there or earlier: deflate checks nothing before the stream's end); "
                + $"the archive is read up to its byte {_decompressed}: members before it are kept, the member there is cut, members after this point are lost");
            return 0;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The compressed bytes read so far, and where the last read of them started.</summary>
    private sealed class CountingStream(Stream source) : ForwardReadStream
    {
        public long Count { get; private set; }

        public long LastReadStart { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            LastReadStart = Count;
            var n = source.Read(buffer);
            Count += n;
            return n;
        }
    }
}
