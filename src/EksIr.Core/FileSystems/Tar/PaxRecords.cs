using System.Globalization;
using System.Text;
using EksIr.Core.Time;

namespace EksIr.Core.FileSystems.Tar;

/// <summary>
/// The records of a pax extended header ("&lt;length&gt; &lt;key&gt;=&lt;value&gt;\n", the length counting the
/// whole record). Values stay bytes: paths need not be UTF-8 and SCHILY.xattr values are binary.
/// </summary>
internal static class PaxRecords
{
    public static Dictionary<string, byte[]> Parse(ReadOnlySpan<byte> data, out string? problem)
    {
        problem = null;
        var records = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var position = 0;
        while (position < data.Length && data[position] != 0)
        {
            var rest = data[position..];
            var space = rest.IndexOf((byte)' ');
            if (space <= 0 || space > 20 || !long.TryParse(rest[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var length) ||
                length <= space + 1 || length > rest.Length || rest[(int)length - 1] != (byte)'\n')
            {
                problem = $"pax record at byte {position} of the extended header is malformed";
                return records;
            }

            var record = rest[(space + 1)..((int)length - 1)];
            var equals = record.IndexOf((byte)'=');
            if (equals <= 0)
            {
                problem = $"pax record at byte {position} of the extended header has no key=value";
                return records;
            }

            records[Encoding.UTF8.GetString(record[..equals])] = record[(equals + 1)..].ToArray();
            position += (int)length;
        }

        return records;
    }

    /// <summary>A pax time ("1732612345.123456789", possibly negative) with its nanoseconds.</summary>
    public static PreciseTime? Time(byte[]? value)
    {
        if (value is null)
        {
            return null;
        }

        var text = Encoding.ASCII.GetString(value);
        var dot = text.IndexOf('.');
        var wholeText = dot < 0 ? text : text[..dot];
        if (!long.TryParse(wholeText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            return null;
        }

        var nanos = 0;
        if (dot >= 0)
        {
            var fraction = text[(dot + 1)..];
            if (fraction.Length == 0 || !fraction.All(char.IsAsciiDigit))
            {
                return null;
            }

            nanos = int.Parse(fraction.PadRight(9, '0')[..9], CultureInfo.InvariantCulture);
            if (text.StartsWith('-') && nanos > 0)
            {
                seconds -= 1; // -1.25 is 1.25 s before the epoch: -2 s + 0.75 s
                nanos = 1_000_000_000 - nanos;
            }
        }

        return new PreciseTime(seconds, nanos);
    }

    public static long? Number(byte[]? value) =>
        value is not null && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
