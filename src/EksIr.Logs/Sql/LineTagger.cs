using System.Buffers;
using System.Buffers.Text;

namespace EksIr.Logs.Sql;

/// <summary>
/// Marks each JSON object line of a stream with the byte offset in its file where the line starts, as a first member
/// <c>"eksir:offset": N</c>, so that the engine can keep where each event is and read it again from the evidence
/// later (<see cref="EvidenceLineReader"/>) instead of keeping its text. Blank lines are dropped (no event); other
/// lines go on unchanged (not an object: the reader after this refuses them). A line that already holds the member's
/// name, or is longer than <see cref="MaxLine"/>, is sent as bytes no JSON reader accepts, so that the engine fails
/// and the file is read by the loader that names each line: never an event marked twice or cut.
/// </summary>
public sealed class LineTagger(int maxLine) : IPipeLines
{
    /// <summary>The member's name, as it is in the line and as the engine's column.</summary>
    public const string Member = "eksir:offset";

    private static readonly byte[] Quoted = "\"eksir:offset\""u8.ToArray();
    private static readonly byte[] Refused = "\u0001 a line longer than the limit, or holding \"eksir:offset\", was here\n"u8.ToArray();

    public int MaxLine { get; } = maxLine;

    public IPipeLinesSession Start(long offset) => new Session(this, offset);

    private sealed class Session(LineTagger tagger, long offset) : IPipeLinesSession
    {
        private readonly CarriedLine _carry = new(tagger.MaxLine);
        private long _carryStart = offset;
        private long _at = offset; // where the next byte fed is in the file

        public long Lines { get; private set; }

        public void Feed(ReadOnlySpan<byte> bytes, IBufferWriter<byte> output)
        {
            if (_carry.Any)
            {
                var end = bytes.IndexOf((byte)'\n');
                if (end < 0)
                {
                    Carry(bytes);
                    _at += bytes.Length;
                    return;
                }

                Carry(bytes[..end]);
                EndCarried(output);
                _at += end + 1;
                bytes = bytes[(end + 1)..];
            }

            while (true)
            {
                var end = bytes.IndexOf((byte)'\n');
                if (end < 0)
                {
                    _carryStart = _at;
                    Carry(bytes);
                    _at += bytes.Length;
                    return;
                }

                Line(bytes[..end], _at, output);
                _at += end + 1;
                bytes = bytes[(end + 1)..];
            }
        }

        public void Finish(IBufferWriter<byte> output)
        {
            if (_carry.Any)
            {
                EndCarried(output);
            }
        }

        private void Line(ReadOnlySpan<byte> line, long start, IBufferWriter<byte> output)
        {
            Lines++;
            var first = line.IndexOfAnyExcept(" \t\r"u8);
            if (first < 0)
            {
                return; // blank: no event
            }

            if (line.Length > tagger.MaxLine || line.IndexOf(Quoted) >= 0)
            {
                output.Write(Refused);
                return;
            }

            if (line[first] != (byte)'{')
            {
                output.Write(line);
                output.Write("\n"u8);
                return;
            }

            output.Write(line[..(first + 1)]);
            output.Write(Quoted);
            output.Write(":"u8);
            var digits = output.GetSpan(20);
            Utf8Formatter.TryFormat(start, digits, out var written);
            output.Advance(written);
            var rest = line[(first + 1)..];
            var next = rest.IndexOfAnyExcept(" \t\r"u8);
            if (next < 0 || rest[next] != (byte)'}')
            {
                output.Write(","u8);
            }

            output.Write(rest);
            output.Write("\n"u8);
        }

        private void Carry(ReadOnlySpan<byte> bytes) => _carry.Add(bytes);

        private void EndCarried(IBufferWriter<byte> output)
        {
            if (_carry.TooLong)
            {
                Lines++;
                output.Write(Refused);
            }

            else
            {
                Line(_carry.Bytes, _carryStart, output);
            }

            _carry.Clear();
        }
    }
}
