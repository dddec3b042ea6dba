using System.Text.Json;

namespace EksIr.Core.Evidence;

/// <summary>
/// The one way JSON evidence is parsed. System.Text.Json accepts a string holding bytes that are not UTF-8, or an
/// escaped lone surrogate (<c>"\ud800"</c>), and then throws when the string is read — so one such byte in a finding,
/// a container's config or a pod would crash its reader. Here both are replaced before parsing (the bytes with
/// U+FFFD as a decoder would, the escapes with <c>\uFFFD</c>) and each replacement is a problem naming the file and
/// the byte; the record is kept. Malformed JSON is still a <see cref="JsonException"/>, at its place in the file as written.
/// </summary>
public static class EvidenceJson
{
    /// <summary>
    /// Parses <paramref name="bytes"/> read from <paramref name="file"/> (at <paramref name="where"/> inside it, when
    /// the JSON is a field of a larger file); what had to be replaced is added to <paramref name="problems"/>.
    /// </summary>
    /// <exception cref="JsonException">The JSON is malformed (line and byte are those of the bytes as written).</exception>
    public static JsonDocument Parse(byte[] bytes, string file, ICollection<EvidenceProblem> problems, JsonDocumentOptions options = default, string where = "")
    {
        var utf8 = Utf8Repair.Of(bytes);
        var surrogates = LoneSurrogateEscapes(utf8.Bytes);
        var repaired = utf8.Bytes;
        if (surrogates.Count > 0)
        {
            repaired = repaired == bytes ? (byte[])bytes.Clone() : repaired;
            foreach (var at in surrogates)
            {
                "\\uFFFD"u8.CopyTo(repaired.AsSpan(at));
            }
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(repaired, options);
        }
        catch (JsonException) when (utf8.Replaced > 0)
        {
            // Positions after a replaced byte moved; the same error, parsed from the bytes as written, has them right.
            JsonDocument.Parse(bytes, options).Dispose();
            throw;
        }

        if (utf8.Problem(file, where) is { } problem)
        {
            problems.Add(problem);
        }

        if (surrogates.Count > 0)
        {
            // Bytes that are not UTF-8 are never ASCII, so the same escapes are found in the bytes as written, where
            // the first one's place is that in the file.
            var first = utf8.Replaced == 0 ? surrogates[0] : LoneSurrogateEscapes(bytes)[0];
            problems.Add(new EvidenceProblem(file, (where.Length == 0 ? "" : where + ", ") + $"byte {first}",
                (surrogates.Count == 1 ? "1 escaped lone surrogate" : $"{surrogates.Count} escaped lone surrogates")
                + @" (\uD800-\uDFFF without its pair) replaced with \uFFFD (the first here); everything else read as written"));
        }

        return document;
    }

    /// <summary>Where a <see cref="JsonException"/> is: "line L, byte B" (B counted from the line's start), or "".</summary>
    public static string Where(JsonException e) => e.LineNumber is { } line ? $"line {line + 1}, byte {e.BytePositionInLine}" : "";

    /// <summary>A <see cref="JsonException"/>'s reason without the position System.Text.Json appends.</summary>
    public static string Why(JsonException e) => e.Message.Split(" LineNumber")[0].Split(" Path:")[0];

    /// <summary>Where each <c>\uXXXX</c> escape that is half of a surrogate pair without the other half starts.</summary>
    private static List<int> LoneSurrogateEscapes(ReadOnlySpan<byte> json)
    {
        var found = new List<int>();
        var at = 0;
        while (at < json.Length)
        {
            var next = json[at..].IndexOf("\\u"u8);
            if (next < 0)
            {
                break;
            }

            var start = at + next;
            if (Escaped(json, start) || Hex4(json, start + 2) is not { } unit)
            {
                at = start + 2;
                continue;
            }

            if (unit is >= 0xD800 and <= 0xDBFF && start + 12 <= json.Length && json[start + 6] == '\\' && json[start + 7] == 'u'
                && Hex4(json, start + 8) is >= 0xDC00 and <= 0xDFFF)
            {
                at = start + 12; // a high surrogate and its low one: one character
                continue;
            }

            if (unit is >= 0xD800 and <= 0xDFFF)
            {
                found.Add(start);
            }

            at = start + 6;
        }

        return found;
    }

    /// <summary>Whether the backslash at <paramref name="at"/> is itself escaped (an odd run of backslashes before it).</summary>
    private static bool Escaped(ReadOnlySpan<byte> json, int at)
    {
        var run = 0;
        while (at - run - 1 >= 0 && json[at - run - 1] == '\\')
        {
            run++;
        }

        return run % 2 == 1;
    }

    private static int? Hex4(ReadOnlySpan<byte> json, int at)
    {
        if (at + 4 > json.Length)
        {
            return null;
        }

        var value = 0;
        foreach (var b in json.Slice(at, 4))
        {
            var digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return null;
            }

            value = (value << 4) | digit;
        }

        return value;
    }
}
