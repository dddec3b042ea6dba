using System.IO.Compression;
using System.Reflection;

namespace EksIr.Core.Evidence;

/// <summary>
/// A deflate-based stream (gzip, zlib) undone, whose end is checked: .NET's decoders end quietly where a cut-off file
/// ends, so the read that would end the stream asks the runtime's inflater whether it saw the stream's own end, and
/// throws <see cref="InvalidDataException"/> naming the format when it did not.
/// </summary>
public abstract class CheckedInflateStream(Stream decoder, string format) : ForwardReadStream
{
    private static readonly FieldInfo? InflaterField = typeof(DeflateStream).GetField("_inflater", BindingFlags.NonPublic | BindingFlags.Instance);

    /// <summary>Bytes undone so far.</summary>
    protected long Produced { get; private set; }

    public override long Position
    {
        get => Produced;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var n = decoder.Read(buffer);
        Produced += n;
        if (n == 0 && buffer.Length > 0 && !EndReached())
        {
            throw new InvalidDataException($"the {format} data stops before its end (the file is cut off)");
        }

        return n;
    }

    /// <summary>Whether the stream ended where its format says it ends; by default, whether the inflater finished.</summary>
    protected virtual bool EndReached() => InflaterFinished();

    /// <summary>Whether zlib saw the stream end (the runtime's inflater says so); true on a runtime without these internals (tests catch it).</summary>
    protected bool InflaterFinished()
    {
        var deflate = decoder.GetType().GetField("_deflateStream", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(decoder);
        var inflater = deflate is null ? null : InflaterField?.GetValue(deflate);
        var finished = inflater?.GetType().GetMethod("Finished", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance);
        return finished?.Invoke(inflater, null) is not false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            decoder.Dispose();
        }

        base.Dispose(disposing);
    }
}
