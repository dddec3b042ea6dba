using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using EksIr.Core.Containers;
using EksIr.Core.Evidence;

namespace EksIr.Core.Memory;

/// <summary>
/// The <c>ioc</c> verb: streams a memory dump's ranges once and finds indicators — IPv4 addresses, URLs, domains,
/// AWS access key ids, and the analyst's strings and regexes — each hit with its physical address (for a LiME
/// dump; a raw dump's file offset). Memory stays flat: the dump is read in 1 MiB pieces with a 4 KiB overlap, so
/// an indicator across two pieces is found once; hits are kept up to a limit, counts per value always.
/// </summary>
public sealed record IocScan(string File, IReadOnlyList<IocHit> Hits, IReadOnlyList<IocValue> Values, long BytesScanned, int HitsNotKept,
    IReadOnlyList<EvidenceProblem> Problems)
{
    public const int MaxHitsKept = 10_000;
    public const int MaxValuesKept = 50_000;
    private const int Overlap = 4096;

    public static IocScan Run(EvidenceRoot root, string path, IReadOnlyList<string>? strings = null, IReadOnlyList<string>? regexes = null,
        bool builtIn = true, IProgress<long>? progress = null)
    {
        var patterns = new List<(string Kind, Regex Pattern)>(builtIn ? IocPatterns.BuiltIn : []);
        foreach (var (text, i) in (regexes ?? []).Select((r, i) => (r, i)))
        {
            try
            {
                patterns.Add(($"regex {i + 1}", new Regex(text, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5))));
            }
            catch (ArgumentException e)
            {
                throw new EvidenceAccessException($"--regex {text}", "not a valid regular expression: " + e.Message);
            }
        }

        var scanner = new Scanner(patterns, strings ?? []);
        var problems = new List<EvidenceProblem>();
        using (var raw = root.OpenRead(path))
        {
            var first = new byte[2];
            var n = raw.ReadAtLeast(first, 2, throwOnEndOfStream: false);
            Stream content = new ReplayStream(first.AsSpan(0, n).ToArray(), raw);
            if (n == 2 && first[0] == 0x78 && (first[0] * 256 + first[1]) % 31 == 0)
            {
                content = new ZLibStream(content, CompressionMode.Decompress);
            }

            LimeDump.Segments(content, path, problems, (address, offset, data, last) =>
            {
                scanner.Scan(address, offset, data, last);
                progress?.Report(scanner.BytesScanned);
            });
            raw.CopyTo(Stream.Null);
        }

        return new IocScan(path, scanner.Hits, scanner.Values(), scanner.BytesScanned, scanner.HitsNotKept, problems);
    }

    public string Summary =>
        $"{File}: {Reporting.ByteSize.Format(BytesScanned)} of memory scanned, {Values.Sum(v => v.Count)} hits of {Values.Count} distinct values" +
        (HitsNotKept > 0 ? $" ({HitsNotKept} hits beyond the first {MaxHitsKept} counted, not listed)" : "");

    private sealed class Scanner(List<(string Kind, Regex Pattern)> patterns, IReadOnlyList<string> strings)
    {
        private readonly Dictionary<(string Kind, string Value), IocValue> _values = [];
        private string _carry = "";
        private ulong _carryAddress;
        private long _carryOffset;

        public List<IocHit> Hits { get; } = [];

        public long BytesScanned { get; private set; }

        public int HitsNotKept { get; private set; }

        public void Scan(ulong address, long offset, ReadOnlySpan<byte> data, bool last)
        {
            BytesScanned += data.Length;
            // A piece continues the previous one only inside one range: carry its tail over; else start afresh.
            var continues = _carry.Length > 0 && _carryAddress + (ulong)_carry.Length == address;
            var text = (continues ? _carry : "") + Encoding.Latin1.GetString(data);
            var baseAddress = continues ? _carryAddress : address;
            var baseOffset = continues ? _carryOffset : offset;
            var reportedBefore = continues ? _carry.Length : 0; // matches ending before here were reported with the previous piece

            foreach (var (kind, pattern) in patterns)
            {
                foreach (var match in pattern.EnumerateMatches(text))
                {
                    Consider(kind, match.Index, match.Length, text, reportedBefore, last, baseAddress, baseOffset);
                }
            }

            foreach (var needle in strings.Where(s => s.Length > 0))
            {
                for (var at = text.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = text.IndexOf(needle, at + 1, StringComparison.Ordinal))
                {
                    Consider("string", at, needle.Length, text, reportedBefore, last, baseAddress, baseOffset);
                }
            }

            if (last)
            {
                _carry = "";
                return;
            }

            var keep = Math.Min(Overlap, text.Length);
            _carry = text[^keep..];
            _carryAddress = baseAddress + (ulong)(text.Length - keep);
            _carryOffset = baseOffset + (text.Length - keep);
        }

        private void Consider(string kind, int index, int length, string text, int reportedBefore, bool last, ulong baseAddress, long baseOffset)
        {
            var end = index + length;
            // The previous piece reported what ended before its end and held back what touched it (it might go on).
            if (end < reportedBefore || (end == text.Length && !last))
            {
                return;
            }

            var value = text.Substring(index, length);
            var hit = new IocHit(kind, value, baseAddress + (ulong)index, baseOffset + index);
            if (Hits.Count < MaxHitsKept)
            {
                Hits.Add(hit);
            }
            else
            {
                HitsNotKept++;
            }

            if (_values.TryGetValue((kind, value), out var known))
            {
                _values[(kind, value)] = known with { Count = known.Count + 1 };
            }
            else if (_values.Count < MaxValuesKept)
            {
                _values[(kind, value)] = new IocValue(kind, value, 1, hit.PhysicalAddress);
            }
        }

        public List<IocValue> Values() =>
            [.. _values.Values.OrderBy(v => v.Kind, StringComparer.Ordinal).ThenByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal)];
    }
}

/// <summary>One indicator found in memory, at a physical address (and the file offset it was read from).</summary>
public sealed record IocHit(string Kind, string Value, ulong PhysicalAddress, long FileOffset);

/// <summary>An indicator value, how often it was found and where first.</summary>
public sealed record IocValue(string Kind, string Value, long Count, ulong FirstAddress);
