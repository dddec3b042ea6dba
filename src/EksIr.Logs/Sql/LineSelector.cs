using System.Buffers;

namespace EksIr.Logs.Sql;

/// <summary>
/// Keeps the lines of a byte stream that hold given texts — every group, and in each group any one text — found with
/// vectorized searches for one text (the driver) so that lines without it are passed over without being looked at one
/// by one. What is kept goes on whole, each line with its newline; every line is counted. A line is at most
/// <see cref="MaxLine"/> bytes to be judged; a longer one is kept (the reader after this says it is too long).
/// </summary>
public sealed class LineSelector : IPipeLines
{
    private readonly byte[][][] _allOf;
    private readonly int _driver;

    public LineSelector(IReadOnlyList<IReadOnlyList<string>> allOf, int maxLine)
    {
        if (allOf.Count == 0 || allOf.Any(g => g.Count == 0 || g.Any(t => t.Length == 0)))
        {
            throw new ArgumentException("every group needs a text", nameof(allOf));
        }

        _allOf = allOf.Select(g => g.Select(t => System.Text.Encoding.UTF8.GetBytes(t)).ToArray()).ToArray();
        // The driver: a group of one text, the longest (fewest false hits); else the group with fewest texts.
        _driver = Enumerable.Range(0, _allOf.Length).OrderBy(i => _allOf[i].Length).ThenByDescending(i => _allOf[i].Min(t => t.Length)).First();
        MaxLine = maxLine;
    }

    public int MaxLine { get; }

    /// <summary>One stream's selection: feed it the stream's bytes in order, then <see cref="Session.Finish"/>.</summary>
    public Session Start() => new(this);

    IPipeLinesSession IPipeLines.Start(long offset) => Start();

    private bool Holds(ReadOnlySpan<byte> line, int skip)
    {
        for (var g = 0; g < _allOf.Length; g++)
        {
            if (g == skip)
            {
                continue;
            }

            var any = false;
            foreach (var text in _allOf[g])
            {
                if (line.IndexOf(text) >= 0)
                {
                    any = true;
                    break;
                }
            }

            if (!any)
            {
                return false;
            }
        }

        return true;
    }

    public sealed class Session : IPipeLinesSession
    {
        private readonly LineSelector _selector;
        private readonly long[] _next; // where each driver text is next found at or after the scan point (-1: not yet looked)
        private readonly CarriedLine _carry;
        private long _lines;

        internal Session(LineSelector selector)
        {
            _selector = selector;
            _next = new long[selector._allOf[selector._driver].Length];
            _carry = new CarriedLine(selector.MaxLine); // a longer line is kept whole unjudged: the reader after this names it
        }

        /// <summary>Lines met so far (the last one counted once it ends, or at <see cref="Finish"/>).</summary>
        public long Lines => _lines;

        /// <summary>Takes the next bytes; the lines kept are written to <paramref name="output"/>.</summary>
        public void Feed(ReadOnlySpan<byte> bytes, IBufferWriter<byte> output)
        {
            if (_carry.Any)
            {
                var end = bytes.IndexOf((byte)'\n');
                Carry(end < 0 ? bytes : bytes[..end]);
                if (end < 0)
                {
                    return;
                }

                EndCarried(output);
                bytes = bytes[(end + 1)..];
            }

            var last = bytes.LastIndexOf((byte)'\n');
            if (last < 0)
            {
                Carry(bytes);
                return;
            }

            Whole(bytes[..(last + 1)], output);
            Carry(bytes[(last + 1)..]);
        }

        /// <summary>The stream ended: its last line (without a newline) is judged.</summary>
        public void Finish(IBufferWriter<byte> output)
        {
            if (_carry.Any)
            {
                EndCarried(output);
            }
        }

        /// <summary>Complete lines (the region ends with a newline).</summary>
        private void Whole(ReadOnlySpan<byte> region, IBufferWriter<byte> output)
        {
            _lines += region.Count((byte)'\n');
            var texts = _selector._allOf[_selector._driver];
            Array.Fill(_next, -1);
            var at = 0;
            while (at < region.Length)
            {
                var hit = int.MaxValue;
                for (var k = 0; k < texts.Length; k++)
                {
                    if (_next[k] != long.MaxValue && _next[k] < at)
                    {
                        var found = region[at..].IndexOf(texts[k]);
                        _next[k] = found < 0 ? long.MaxValue : at + found;
                    }

                    hit = (int)Math.Min(hit, _next[k]);
                }

                if (hit == int.MaxValue)
                {
                    return;
                }

                var start = region[..hit].LastIndexOf((byte)'\n') + 1;
                var end = hit + region[hit..].IndexOf((byte)'\n');
                var line = region[start..end];
                if (_selector.Holds(line, _selector._driver))
                {
                    output.Write(region[start..(end + 1)]);
                }

                at = end + 1;
            }
        }

        private void Carry(ReadOnlySpan<byte> bytes) => _carry.Add(bytes);

        private void EndCarried(IBufferWriter<byte> output)
        {
            _lines++;
            var line = _carry.Bytes;
            if (_carry.TooLong)
            {
                output.Write("{\"eksir\": \"a line longer than the limit was here\"\n"u8); // not JSON: the engine refuses the file, which is then read line by line
            }
            else if (_selector.Holds(line, -1))
            {
                output.Write(line);
                output.Write("\n"u8);
            }

            _carry.Clear();
        }
    }
}
