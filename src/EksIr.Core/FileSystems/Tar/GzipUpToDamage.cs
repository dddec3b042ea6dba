using System.IO.Compression;
using EksIr.Core.Evidence;

namespace EksIr.Core.FileSystems.Tar;

/// <summary>
/// A gzip-compressed archive decompressed up to the first damaged block: where the gzip data no longer inflates, the
/// stream ends (instead of throwing) and <see cref="Damage"/> says where — the compressed bytes the damage lies in
/// (the last read of them: zlib does not say closer) and how many archive bytes came out whole before it. The tar
/// reader then keeps every member before that point, marks the member it cuts as cut, and the rest is lost.
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
        catch (InvalidDataException e)
        {
            Damage = new VolumeProblem(_archive, $"compressed bytes {_compressed.LastReadStart}-{_compressed.Count}",
                $"the gzip data stops inflating here, damaged ({e.Message}); the archive is read up to its byte {_decompressed}: members before it are kept, "
                + "the member there is cut, members after this point are lost (gzip's checksum is at its end: the bytes just before the damage are unproven)");
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
