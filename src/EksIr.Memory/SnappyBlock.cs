using System.Buffers.Binary;

namespace EksIr.Memory;

/// <summary>
/// Decompresses one Snappy block, as google/snappy's format_description.txt lays it out: the uncompressed length
/// as a little-endian base-128 varint, then elements, each starting with a tag byte whose low two bits say what
/// it is — 00 a literal (length − 1 in the upper six bits, or, for 60..63, in the 1..4 bytes that follow), 01 a
/// copy of 4..11 bytes with an 11-bit offset, 10 a copy of 1..64 bytes with a 2-byte offset, 11 the same with a
/// 4-byte offset. A copy's offset counts back from the end of what is decoded so far and may overlap it.
/// Every read and write is bounds-checked; a block that breaks a rule gives a reason, never a partial answer.
/// </summary>
internal static class SnappyBlock
{
    /// <summary>The decoded length, or −1 with <paramref name="why"/> when the block is not valid Snappy data.</summary>
    public static int Decompress(ReadOnlySpan<byte> input, Span<byte> output, out string why)
    {
        why = "";
        var at = 0;
        ulong declared = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (at == input.Length || shift > 28)
            {
                why = "its length preamble is cut off or longer than 5 bytes";
                return -1;
            }

            var b = input[at++];
            declared |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                break;
            }
        }

        if (declared > (ulong)output.Length)
        {
            why = $"it says it holds {declared} bytes, more than the {output.Length} a chunk may";
            return -1;
        }

        var length = (int)declared;
        var done = 0;
        while (at < input.Length)
        {
            var tag = input[at++];
            long count;
            if ((tag & 3) == 0)
            {
                count = (tag >> 2) + 1;
                if (count > 60)
                {
                    var extra = (int)count - 60;
                    if (input.Length - at < extra)
                    {
                        why = $"a literal's length is cut off at byte {at}";
                        return -1;
                    }

                    count = 0;
                    for (var i = extra - 1; i >= 0; i--)
                    {
                        count = (count << 8) | input[at + i];
                    }

                    count++;
                    at += extra;
                }

                if (count > input.Length - at || count > length - done)
                {
                    why = $"a literal of {count} bytes at byte {at} runs past the input or the declared length";
                    return -1;
                }

                input.Slice(at, (int)count).CopyTo(output[done..]);
                at += (int)count;
                done += (int)count;
                continue;
            }

            long back;
            var width = (tag & 3) switch { 1 => 1, 2 => 2, _ => 4 };
            if (input.Length - at < width)
            {
                why = $"a copy's offset is cut off at byte {at}";
                return -1;
            }

            if ((tag & 3) == 1)
            {
                count = ((tag >> 2) & 7) + 4;
                back = ((tag >> 5) << 8) | input[at];
            }
            else
            {
                count = (tag >> 2) + 1;
                back = width == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(input[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(input[at..]);
            }

            at += width;
            if (back == 0 || back > done || count > length - done)
            {
                why = $"a copy of {count} bytes from {back} back, with {done} decoded, does not fit (at byte {at})";
                return -1;
            }

            if (back >= count)
            {
                output.Slice(done - (int)back, (int)count).CopyTo(output[done..]);
                done += (int)count;
                continue;
            }

            // Byte by byte: this copy overlaps the bytes it writes (a run).
            for (var i = 0; i < count; i++, done++)
            {
                output[done] = output[done - (int)back];
            }
        }

        if (done != length)
        {
            why = $"it decodes to {done} bytes but says it holds {length}";
            return -1;
        }

        return length;
    }
}
