using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EksIr.Core.Reporting;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;

namespace EksIr.Memory;

/// <summary>
/// A memory dump made by LiME (or AVML, which writes the same format when not compressing): its range map from the 32-byte segment
/// headers (magic 0x4C694D45, version 1, start, inclusive end, reserved), checked for order, overlaps, bad magic
/// and a cut-off file; read in one pass that also hashes it (SHA-256, and the sidecar's algorithm when a
/// <c>digest=</c> sidecar such as <c>ram.lime.sha256</c> is beside it). A file without a LiME header is taken as a
/// raw or padded dump, with a note. A zlib-compressed dump (LiME <c>compress=1</c>) is read through zlib, and AVML's
/// own compressed format (<c>avml --compress</c>: "AVML" version 2 headers over Snappy frame streams) block by block.
/// </summary>
public sealed record LimeDump(string File, string Format, bool Compressed, IReadOnlyList<LimeRange> Ranges, long FileLength, long TotalBytes,
    string? Sha256, DigestCheck? Digest, IReadOnlyList<EvidenceProblem> Problems, string? Note)
{
    public const uint Magic = 0x4C694D45;
    public const int HeaderSize = 32;

    public static LimeDump Read(EvidenceRoot root, string path, IProgress<long>? progress = null)
    {
        var sidecar = FindSidecar(root, path);
        using var evidence = (HashingReadStream)root.OpenRead(path);
        var fileLength = evidence.Length;
        using var raw = new ReadAheadStream(evidence); // the evidence's SHA-256 (the journal's) is computed on the read-ahead thread
        using var other = sidecar is { Algorithm: var alg } && alg != HashAlgorithmName.SHA256 ? IncrementalHash.CreateHash(alg) : null;
        var hashing = new HashingTee(raw, other, progress);
        var first = new byte[2];
        var n = hashing.ReadAtLeast(first, 2, throwOnEndOfStream: false);
        var compressed = n == 2 && first[0] == 0x78 && (first[0] * 256 + first[1]) % 31 == 0;
        Stream content = new ReplayStream(first.AsSpan(0, n).ToArray(), hashing);
        if (compressed)
        {
            content = new CheckedZlibStream(content);
        }

        var problems = new List<EvidenceProblem>();
        var (format, ranges, note) = Segments(content, path, problems);
        hashing.Drain();
        var sha = evidence.WholeFileSha256 ?? throw new EvidenceAccessException(path, "the dump could not be read to its end in order");
        DigestCheck? digest = null;
        if (sidecar is { } s)
        {
            var actual = s.Algorithm == HashAlgorithmName.SHA256 ? sha : Convert.ToHexStringLower(other!.GetHashAndReset());
            digest = new DigestCheck(s.File, s.Algorithm.Name!.ToLowerInvariant(), s.Expected, actual, string.Equals(s.Expected, actual, StringComparison.OrdinalIgnoreCase));
        }

        return new LimeDump(path, format, compressed, ranges, fileLength, ranges.Sum(r => r.Size), sha, digest, problems, note);
    }

    /// <summary>
    /// Walks the segment headers of a (decompressed) dump, streaming over each range's bytes; <paramref name="onData"/>
    /// sees every byte of memory with its physical address (a raw dump's file offsets stand in for addresses).
    /// A block in AVML's compressed format (magic "AVML", version 2) is decompressed; its offsets are those of the
    /// LiME file <c>avml convert</c> makes of the dump, while problems name the byte of the file as it is.
    /// </summary>
    public static (string Format, List<LimeRange> Ranges, string? Note) Segments(Stream content, string path, List<EvidenceProblem> problems,
        MemoryChunk? onData = null)
    {
        var ranges = new List<LimeRange>();
        var header = new byte[HeaderSize];
        long offset = 0; // in the LiME file (for AVML blocks, the one avml convert writes)
        long at = 0; // in the file as it is (decompressed, for a zlib dump)
        var avmlBlocks = 0;
        var skip = new byte[1 << 20];
        while (true)
        {
            int n;
            try
            {
                n = content.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false);
            }
            catch (InvalidDataException e)
            {
                problems.Add(new EvidenceProblem(path, $"byte {at} (decompressed)", "damaged zlib data: " + e.Message));
                break;
            }

            if (n == 0)
            {
                if (at == 0)
                {
                    problems.Add(new EvidenceProblem(path, "", "the file is empty: there is no memory in it"));
                    return ("raw", ranges, "empty file");
                }

                break;
            }

            var magic = n >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(header) : 0;
            var begun = header.AsSpan(0, Math.Min(n, 4));
            var startsLikeHeader = begun.SequenceEqual("EMiL"u8[..begun.Length]) || begun.SequenceEqual("AVML"u8[..begun.Length]);
            if (n < HeaderSize || (magic != Magic && magic != AvmlBlock.Magic))
            {
                if (at == 0 && !startsLikeHeader)
                {
                    onData?.Invoke(0, 0, header.AsSpan(0, n), n < HeaderSize);
                    var length = n + Skip(content, long.MaxValue, skip, Damaged(problems, path, n), onData, (ulong)n, n);
                    var all = new LimeRange(0, (ulong)Math.Max(length, 1) - 1, 0, length);
                    return ("raw", length == 0 ? [] : [all],
                        "no LiME header: taken as a raw or padded dump (file offsets shown as addresses; in a padded dump they are physical addresses, in a raw one the ranges are unknown)");
                }

                problems.Add(new EvidenceProblem(path, $"byte {at}", n < HeaderSize
                    ? $"the file ends inside a segment header ({n} of {HeaderSize} bytes)"
                    : $"not a LiME segment header (magic 0x{magic:x8}, expected 0x{Magic:x8}, or AVML's 0x{AvmlBlock.Magic:x8}); the remaining {n + Skip(content, long.MaxValue, skip, Damaged(problems, path, at + n))} bytes are not read as memory"));
                break;
            }

            var avml = magic == AvmlBlock.Magic;
            var version = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
            var start = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(8));
            var end = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(16));
            var reserved = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(24));
            if (!avml && version != 1)
            {
                problems.Add(new EvidenceProblem(path, $"byte {at}", $"segment header version {version}; only version 1 is defined — read as version 1"));
            }
            else if (avml && version != AvmlBlock.Version)
            {
                problems.Add(new EvidenceProblem(path, $"byte {at}", $"AVML block header version {version}; AVML writes only version 2 (Snappy-compressed) — read as version 2"));
            }

            if (reserved != 0)
            {
                problems.Add(new EvidenceProblem(path, $"byte {at}", $"the header's reserved bytes are not zero (0x{reserved:x16}); LiME and AVML write zeros — read on"));
            }

            if (end < start || end - start >= long.MaxValue / 2)
            {
                problems.Add(new EvidenceProblem(path, $"byte {at}", $"segment 0x{start:x}-0x{end:x} is not a range (end before start, or impossibly large); the rest of the file is not read"));
                break;
            }

            if (ranges.Count > 0 && start <= ranges[^1].End)
            {
                problems.Add(new EvidenceProblem(path, $"byte {at}", start >= ranges[^1].Start
                    ? $"segment 0x{start:x}-0x{end:x} overlaps the previous one (0x{ranges[^1].Start:x}-0x{ranges[^1].End:x})"
                    : $"segment 0x{start:x}-0x{end:x} is out of order (starts below the previous one, 0x{ranges[^1].Start:x})"));
            }

            var size = (long)(end - start + 1);
            var (present, taken, stop) = avml
                ? AvmlBlock.Read(content, path, start, size, offset + HeaderSize, at + HeaderSize, skip, problems, onData)
                : (Skip(content, size, skip, Damaged(problems, path, at + HeaderSize), onData, start, offset + HeaderSize), -1L, false);
            avmlBlocks += avml ? 1 : 0;
            ranges.Add(new LimeRange(start, end, offset + HeaderSize, present));
            if (present < size)
            {
                problems.Add(new EvidenceProblem(path, $"byte {at}", $"segment 0x{start:x}-0x{end:x} is cut short: {present} of {size} bytes are in the file"));
                break;
            }

            if (stop)
            {
                break;
            }

            offset += HeaderSize + size;
            at += HeaderSize + (avml ? taken : size);
        }

        return (avmlBlocks > 0 ? "avml" : "lime", ranges, avmlBlocks > 0
            ? "AVML's compressed format (Snappy): range offsets are those of the LiME file `avml convert` makes of it"
            : null);
    }

    /// <summary>Where the bytes a <see cref="Skip"/> from <paramref name="at"/> (of the decompressed dump) reads end in damaged zlib data: a problem.</summary>
    private static Action<long, InvalidDataException> Damaged(List<EvidenceProblem> problems, string path, long at) =>
        (read, e) => problems.Add(new EvidenceProblem(path, $"byte {at + read} (decompressed)", "damaged zlib data: " + e.Message + "; nothing after it is read"));

    /// <summary>
    /// Reads up to <paramref name="count"/> bytes, handing them to <paramref name="onData"/>; the bytes read. Damaged
    /// zlib data ends the read there, told to <paramref name="damaged"/> with the bytes read before it.
    /// </summary>
    private static long Skip(Stream stream, long count, byte[] buffer, Action<long, InvalidDataException> damaged, MemoryChunk? onData = null, ulong address = 0, long fileOffset = 0)
    {
        long done = 0;
        while (done < count)
        {
            var n = 0;
            InvalidDataException? damage = null;
            try
            {
                // Whole buffers, so a reader of the chunks sees a range in large pieces.
                while (n < buffer.Length && done + n < count)
                {
                    var read = stream.Read(buffer, n, (int)Math.Min(buffer.Length - n, count - done - n));
                    if (read == 0)
                    {
                        break;
                    }

                    n += read;
                }
            }
            catch (InvalidDataException e)
            {
                damage = e;
            }

            if (n > 0)
            {
                var last = done + n >= count || n < buffer.Length || damage is not null;
                onData?.Invoke(address + (ulong)done, fileOffset + done, buffer.AsSpan(0, n), last);
                done += n;
            }

            if (damage is not null)
            {
                damaged(done, damage);
                break;
            }

            if (n == 0)
            {
                break;
            }
        }

        return done;
    }

    /// <summary>LiME's digest= sidecar: <c>FILE.&lt;alg&gt;</c> beside the dump, holding the hex digest.</summary>
    private static (string File, HashAlgorithmName Algorithm, string Expected)? FindSidecar(EvidenceRoot root, string path)
    {
        foreach (var (suffix, algorithm) in new[] { ("sha256", HashAlgorithmName.SHA256), ("sha1", HashAlgorithmName.SHA1), ("md5", HashAlgorithmName.MD5), ("sha512", HashAlgorithmName.SHA512) })
        {
            var sidecar = $"{path}.{suffix}";
            if (root.FileExists(sidecar))
            {
                var text = Encoding.ASCII.GetString(root.ReadAllBytes(sidecar, 4096)).Trim();
                var hex = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
                return (sidecar, algorithm, hex.ToLower(CultureInfo.InvariantCulture));
            }
        }

        return null;
    }

    public string Summary =>
        $"{File}: {Format}{(Compressed ? " (zlib)" : "")}, {Counted.Of(Ranges.Count, "range")}, {ByteSize.Format(TotalBytes)} of memory" +
        (Digest is { } d ? d.Matches ? $", {d.Algorithm} matches {d.Sidecar}" : $", {d.Algorithm} DOES NOT MATCH {d.Sidecar}" : "") +
        (Problems.Count > 0 ? $", {Counted.Of(Problems.Count, "problem")}" : "");
}

/// <summary>A piece of a memory range: its physical address, file offset, bytes, and whether it is the range's last.</summary>
public delegate void MemoryChunk(ulong address, long fileOffset, ReadOnlySpan<byte> data, bool lastOfRange);

/// <summary>A dump's digest against its LiME sidecar.</summary>
public sealed record DigestCheck(string Sidecar, string Algorithm, string Expected, string Actual, bool Matches);
