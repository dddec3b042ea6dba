using System.Text;
using System.Text.RegularExpressions;
using EksIr.Core.Reporting;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;

namespace EksIr.Memory;

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
        var patterns = new List<(string Kind, Regex Pattern)>();
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

        var scanner = new Scanner(builtIn, patterns, strings ?? []);
        var problems = new List<EvidenceProblem>();
        using (var evidence = root.OpenRead(path))
        using (var raw = new ReadAheadStream(evidence)) // the evidence is hashed for the journal on the read-ahead thread
        {
            var first = new byte[2];
            var n = raw.ReadAtLeast(first, 2, throwOnEndOfStream: false);
            Stream content = new ReplayStream(first.AsSpan(0, n).ToArray(), raw);
            if (n == 2 && first[0] == 0x78 && (first[0] * 256 + first[1]) % 31 == 0)
            {
                content = new CheckedZlibStream(content);
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
        $"{File}: {ByteSize.Format(BytesScanned)} of memory scanned, {Counted.Of(Values.Sum(v => v.Count), "hit")} of {Counted.Of(Values.Count, "distinct value")}" +
        (HitsNotKept > 0 ? $" ({Counted.Of(HitsNotKept, "hit")} beyond the first {MaxHitsKept} counted, not listed)" : "");

    /// <summary>
    /// Scans pieces of memory as Latin-1 text in one reused buffer: the previous piece's last <see cref="Overlap"/>
    /// characters, then the new piece. A match ending before the previous piece's end was reported with it; one that
    /// touches the buffer's end is held back until the next piece says whether it goes on.
    /// </summary>
    private sealed class Scanner(bool builtIn, List<(string Kind, Regex Pattern)> patterns, IReadOnlyList<string> strings)
    {
        private readonly Dictionary<(string Kind, string Value), IocValue> _values = [];
        private char[] _buffer = new char[Overlap + (1 << 20)];
        private int _carry;
        private ulong _carryAddress;
        private long _carryOffset;

        public List<IocHit> Hits { get; } = [];

        public long BytesScanned { get; private set; }

        public int HitsNotKept { get; private set; }

        public void Scan(ulong address, long offset, ReadOnlySpan<byte> data, bool last)
        {
            BytesScanned += data.Length;
            // A piece continues the previous one only inside one range (contiguous addresses): keep its tail, else start afresh.
            var continues = _carry > 0 && _carryAddress + (ulong)_carry == address;
            var carry = continues ? _carry : 0;
            if (_buffer.Length < carry + data.Length)
            {
                Array.Resize(ref _buffer, carry + data.Length);
            }

            System.Text.Encoding.Latin1.GetChars(data, _buffer.AsSpan(carry));
            var length = carry + data.Length;
            ReadOnlySpan<char> text = _buffer.AsSpan(0, length);
            var baseAddress = continues ? _carryAddress : address;
            var baseOffset = continues ? _carryOffset : offset;
            var hold = !last;

            void Report(string kind, int index, int matchLength)
            {
                var end = index + matchLength;
                if (end < carry || (hold && end == length))
                {
                    return;
                }

                Add(kind, new string(_buffer, index, matchLength), baseAddress + (ulong)index, baseOffset + index);
            }

            if (builtIn)
            {
                IocFinders.Urls(text, (i, n) => Report("url", i, n));
                IocFinders.Ipv4(text, (i, n) => Report("ipv4", i, n));
                IocFinders.Domains(text, (i, n) => Report("domain", i, n));
                IocFinders.AwsAccessKeyIds(text, (i, n) => Report("aws-access-key-id", i, n));
            }

            foreach (var (kind, pattern) in patterns)
            {
                foreach (var match in pattern.EnumerateMatches(text))
                {
                    Report(kind, match.Index, match.Length);
                }
            }

            foreach (var needle in strings.Where(s => s.Length > 0))
            {
                for (var at = 0; ;)
                {
                    var i = text[at..].IndexOf(needle, StringComparison.Ordinal);
                    if (i < 0)
                    {
                        break;
                    }

                    Report("string", at + i, needle.Length);
                    at += i + 1;
                }
            }

            if (last)
            {
                _carry = 0;
                return;
            }

            var keep = Math.Min(Overlap, length);
            Array.Copy(_buffer, length - keep, _buffer, 0, keep);
            _carry = keep;
            _carryAddress = baseAddress + (ulong)(length - keep);
            _carryOffset = baseOffset + (length - keep);
        }

        private void Add(string kind, string value, ulong address, long offset)
        {
            var hit = new IocHit(kind, value, address, offset);
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
                _values[(kind, value)] = new IocValue(kind, value, 1, address);
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
