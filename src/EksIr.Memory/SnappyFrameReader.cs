using System.Buffers.Binary;
using System.Numerics;

namespace EksIr.Memory;

/// <summary>
/// Reads a Snappy frame stream chunk by chunk, as google/snappy's framing_format.txt lays it out: each chunk is a
/// type byte and a 3-byte little-endian length, then its data. 0xff is the stream identifier ("sNaPpY"), which comes
/// first; 0x00 holds a compressed block and 0x01 bytes as they are, each after the masked CRC-32C (Castagnoli) of the
/// uncompressed bytes, at most 65,536 of them; 0x80–0xfe (0xfe is padding) are skipped; 0x02–0x7f are reserved and
/// must not be skipped. Memory stays bounded by one chunk, whatever a hostile length says.
/// </summary>
internal sealed class SnappyFrameReader(Stream source)
{
    public const int MaxChunkData = 65536;

    // A compressed chunk holds the masked CRC, then at most Snappy's longest encoding of 65,536 bytes (32 + n + n/6).
    private const int MaxCompressedChunk = 4 + 32 + MaxChunkData + MaxChunkData / 6;

    private readonly byte[] _chunk = new byte[MaxCompressedChunk];
    private readonly byte[] _data = new byte[MaxChunkData];
    private bool _identified;

    /// <summary>The bytes of the stream read so far.</summary>
    public long Consumed { get; private set; }

    /// <summary>Where, in the stream, the chunk last read starts.</summary>
    public long ChunkStart { get; private set; }

    /// <summary>The last chunk's uncompressed bytes (empty after a chunk with no data).</summary>
    public ReadOnlySpan<byte> Data => _data.AsSpan(0, _length);

    private int _length;

    /// <summary>
    /// Reads the next chunk. False at the end of the source (<paramref name="problem"/> null) or at a chunk that
    /// cannot be read past (<paramref name="problem"/> says why). True with <see cref="Data"/> filled, and with
    /// <paramref name="problem"/> set when the chunk was read but is in doubt (its CRC does not match).
    /// </summary>
    public bool TryNext(out string? problem)
    {
        problem = null;
        _length = 0;
        ChunkStart = Consumed;
        var n = Read(4);
        if (n < 4)
        {
            problem = n == 0 ? null : $"the file ends inside a Snappy chunk header ({n} of 4 bytes)";
            return false;
        }

        var type = _chunk[0];
        var length = _chunk[1] | _chunk[2] << 8 | _chunk[3] << 16;
        switch (type)
        {
            case 0xff:
                if (length != 6)
                {
                    problem = $"a Snappy stream identifier chunk of {length} bytes (it is 6: sNaPpY)";
                    return false;
                }

                if (!ReadAll(length, out problem))
                {
                    return false;
                }

                if (!_chunk.AsSpan(0, 6).SequenceEqual("sNaPpY"u8))
                {
                    problem = "a Snappy stream identifier chunk that does not say sNaPpY";
                    return false;
                }

                _identified = true;
                return true;
            case 0x00 or 0x01:
                var limit = type == 0x00 ? MaxCompressedChunk : 4 + MaxChunkData;
                if (length < (type == 0x00 ? 5 : 4) || length > limit)
                {
                    problem = $"a Snappy {(type == 0 ? "compressed" : "uncompressed")} chunk of {length} bytes (it holds a 4-byte CRC and up to 65,536 bytes{(type == 0 ? ", compressed" : "")})";
                    return false;
                }

                if (!ReadAll(length, out problem))
                {
                    return false;
                }

                if (type == 0x01)
                {
                    _chunk.AsSpan(4, length - 4).CopyTo(_data);
                    _length = length - 4;
                }
                else
                {
                    var decoded = SnappyBlock.Decompress(_chunk.AsSpan(4, length - 4), _data, out var why);
                    if (decoded < 0)
                    {
                        problem = $"a Snappy compressed chunk of {length} bytes is not valid Snappy data: {why}";
                        return false;
                    }

                    _length = decoded;
                }

                var expected = BinaryPrimitives.ReadUInt32LittleEndian(_chunk);
                var actual = MaskedCrc32C(Data);
                if (actual != expected)
                {
                    problem = $"a Snappy chunk's CRC does not match its {_length} bytes (0x{actual:x8}; the chunk says 0x{expected:x8}): they may be damaged";
                }
                else if (!_identified)
                {
                    problem = "the Snappy stream does not start with its stream identifier (sNaPpY)";
                }

                _identified = true;
                return true;
            case >= 0x80:
                for (var left = length; left > 0;)
                {
                    var piece = Math.Min(left, _chunk.Length);
                    if (Read(piece) < piece)
                    {
                        problem = $"the file ends inside a skippable Snappy chunk of {length} bytes";
                        return false;
                    }

                    left -= piece;
                }

                return true;
            default:
                problem = $"a reserved Snappy chunk type 0x{type:x2}, which a reader must not skip";
                return false;
        }
    }

    /// <summary>The masked CRC-32C a Snappy chunk carries: ((crc &gt;&gt; 15) | (crc &lt;&lt; 17)) + 0xa282ead8.</summary>
    public static uint MaskedCrc32C(ReadOnlySpan<byte> data)
    {
        var crc = ~0u;
        for (; data.Length >= 8; data = data[8..])
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        crc = ~crc;
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8;
    }

    private bool ReadAll(int count, out string? problem)
    {
        var n = Read(count);
        problem = n < count ? $"the file ends inside a Snappy chunk ({n} of {count} bytes)" : null;
        return problem is null;
    }

    private int Read(int count)
    {
        var n = source.ReadAtLeast(_chunk.AsSpan(0, count), count, throwOnEndOfStream: false);
        Consumed += n;
        return n;
    }
}
