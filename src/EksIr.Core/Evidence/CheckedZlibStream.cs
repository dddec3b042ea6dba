using System.IO.Compression;
using System.Reflection;

namespace EksIr.Core.Evidence;

/// <summary>
/// A zlib stream (RFC 1950: a LiME dump made with <c>compress=1</c>) undone, whose end is checked, as
/// <see cref="CheckedGzipStream"/> checks gzip's: .NET's <see cref="ZLibStream"/> ends quietly where a cut-off file
/// ends, so a dump cut in half would read as a smaller whole one. Here the input must end where the zlib stream ends
/// (its Adler-32 already checked by zlib); otherwise the read that would end the stream throws <see cref="InvalidDataException"/>.
/// </summary>
public sealed class CheckedZlibStream : ForwardReadStream
{
    private static readonly FieldInfo? DeflateField = typeof(ZLibStream).GetField("_deflateStream", BindingFlags.NonPublic | BindingFlags.Instance);
    private static readonly FieldInfo? InflaterField = typeof(DeflateStream).GetField("_inflater", BindingFlags.NonPublic | BindingFlags.Instance);

    private readonly ZLibStream _zlib;
    private long _produced;

    public CheckedZlibStream(Stream compressed) => _zlib = new ZLibStream(compressed, CompressionMode.Decompress);

    public override long Position
    {
        get => _produced;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var n = _zlib.Read(buffer);
        _produced += n;
        if (n == 0 && buffer.Length > 0 && !EndReached())
        {
            throw new InvalidDataException("the zlib data stops before its end (the file is cut off)");
        }

        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _zlib.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Whether zlib saw the stream end (the runtime's inflater says so).</summary>
    private bool EndReached()
    {
        var inflater = DeflateField?.GetValue(_zlib) is { } deflate ? InflaterField?.GetValue(deflate) : null;
        var finished = inflater?.GetType().GetMethod("Finished", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance);
        return finished?.Invoke(inflater, null) is not false; // a runtime without these internals: as the runtime says (tests catch it)
    }
}
