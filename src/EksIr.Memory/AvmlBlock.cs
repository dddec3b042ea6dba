using EksIr.Core.Evidence;
using System.Buffers.Binary;
using EksIr.Disk.Containers;

namespace EksIr.Memory;

/// <summary>
/// One block of AVML's compressed format (<c>avml acquire --compress</c>; microsoft/avml src/image.rs and
/// src/io/snappy.rs): a 32-byte header like LiME's but with magic 0x4C4D5641 ("AVML") and version 2, then the
/// block's memory as one Snappy frame stream, then that stream's length in bytes as a little-endian u64. AVML writes
/// no all-zero block, so gaps between blocks are memory it left out as zero, as in LiME's own format.
/// </summary>
internal static class AvmlBlock
{
    public const uint Magic = 0x4C4D5641;
    public const uint Version = 2;

    /// <summary>
    /// Decodes a block's <paramref name="size"/> bytes of memory starting at physical <paramref name="start"/>, handing
    /// them to <paramref name="onData"/> with <paramref name="offset"/> (where they sit in the LiME file
    /// <c>avml convert</c> makes of the dump). <paramref name="at"/> is where the stream starts in the file, for the
    /// problems. Gives the bytes of memory decoded, the bytes of the file taken after the header, and whether the
    /// rest of the file cannot be read.
    /// </summary>
    public static (long Present, long Consumed, bool Stop) Read(Stream content, string path, ulong start, long size, long offset, long at,
        byte[] buffer, List<EvidenceProblem> problems, MemoryChunk? onData)
    {
        var frames = new SnappyFrameReader(content);
        long sent = 0;
        var filled = 0;

        void Send(bool last)
        {
            if (filled > 0 || (last && sent > 0))
            {
                onData?.Invoke(start + (ulong)sent, offset + sent, buffer.AsSpan(0, filled), last);
            }

            sent += filled;
            filled = 0;
        }

        while (sent + filled < size)
        {
            if (!frames.TryNext(out var problem))
            {
                if (problem is not null)
                {
                    problems.Add(new EvidenceProblem(path, $"byte {at + frames.ChunkStart}", problem + "; the rest of the file is not read"));
                }

                Send(last: true);
                return (sent, frames.Consumed, problem is not null);
            }

            if (problem is not null)
            {
                problems.Add(new EvidenceProblem(path, $"byte {at + frames.ChunkStart}", problem));
            }

            var data = frames.Data;
            var wanted = (int)Math.Min(data.Length, size - sent - filled);
            if (wanted < data.Length)
            {
                problems.Add(new EvidenceProblem(path, $"byte {at + frames.ChunkStart}",
                    $"the AVML block 0x{start:x}-0x{start + (ulong)size - 1:x} decompresses to more than its {size} bytes; the {data.Length - wanted} bytes past its end are left out"));
            }

            for (var piece = data[..wanted]; !piece.IsEmpty;)
            {
                var n = Math.Min(piece.Length, buffer.Length - filled);
                piece[..n].CopyTo(buffer.AsSpan(filled));
                filled += n;
                piece = piece[n..];
                if (filled == buffer.Length && sent + filled < size)
                {
                    Send(last: false);
                }
            }
        }

        Send(last: true);
        var trailer = new byte[8];
        var read = content.ReadAtLeast(trailer, 8, throwOnEndOfStream: false);
        if (read < 8)
        {
            problems.Add(new EvidenceProblem(path, $"byte {at + frames.Consumed}",
                $"the file ends inside the AVML block's 8-byte trailer (the length of its Snappy stream; {read} of 8 bytes)"));
            return (sent, frames.Consumed + read, true);
        }

        var said = BinaryPrimitives.ReadUInt64LittleEndian(trailer);
        if (said != (ulong)frames.Consumed)
        {
            problems.Add(new EvidenceProblem(path, $"byte {at + frames.Consumed}",
                $"the AVML block's trailer says its Snappy stream is {said} bytes; it is {frames.Consumed}"));
        }

        return (sent, frames.Consumed + 8, false);
    }
}
