namespace EksIr.Core.FileSystems.Tar;

/// <summary>
/// The archive read front to back once, counting the offset; each byte read is also copied to a spill file when
/// the archive's bytes cannot be read again in place (compressed, or itself inside an archive).
/// </summary>
internal sealed class TarSource(Stream source, Stream? spill)
{
    private readonly byte[] _skipBuffer = new byte[1 << 16];

    public long Offset { get; private set; }

    /// <summary>Reads up to buffer.Length bytes; fewer only at the end of the archive.</summary>
    public int ReadFully(Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = source.Read(buffer[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        spill?.Write(buffer[..total]);
        Offset += total;
        return total;
    }

    /// <summary>Reads past <paramref name="count"/> bytes; returns how many there were.</summary>
    public long Skip(long count)
    {
        long skipped = 0;
        while (skipped < count)
        {
            var n = ReadFully(_skipBuffer.AsSpan(0, (int)Math.Min(_skipBuffer.Length, count - skipped)));
            if (n == 0)
            {
                break;
            }

            skipped += n;
        }

        return skipped;
    }

    /// <summary>Reads to the end (so that the whole archive is hashed and spilled).</summary>
    public void Drain()
    {
        while (ReadFully(_skipBuffer) > 0)
        {
        }
    }

    public static long Padding(long size) => (TarHeader.BlockSize - size % TarHeader.BlockSize) % TarHeader.BlockSize;
}
