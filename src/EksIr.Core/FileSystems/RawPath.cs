using System.Text;

namespace EksIr.Core.FileSystems;

/// <summary>
/// Paths as bytes, as Linux keeps them. <see cref="Display"/> shows a path losslessly and safely: valid UTF-8 as
/// text, and as <c>\xNN</c> every byte that is not valid UTF-8, every backslash (so that a name which merely
/// <em>spells</em> <c>\x2e\x2e\x2f</c> is shown as <c>\x5cx2e…</c>, never read back as <c>../</c>) and every control
/// character (C0, DEL and C1: a newline or a terminal escape in a file name is shown, never obeyed).
/// <see cref="Parse"/> turns that form back into exactly the bytes: <c>Parse(Display(p)) == p</c> for every p.
/// </summary>
public static class RawPath
{
    private static readonly UTF8Encoding Strict = new(false, true);

    public static string Display(ReadOnlySpan<byte> path)
    {
        if (IsPlain(path))
        {
            return Encoding.ASCII.GetString(path);
        }

        var text = new StringBuilder(path.Length * 2);
        var i = 0;
        while (i < path.Length)
        {
            var length = Utf8SequenceLength(path[i..]);
            if (length > 0 && !MustEscape(path.Slice(i, length)))
            {
                text.Append(Encoding.UTF8.GetString(path.Slice(i, length)));
                i += length;
                continue;
            }

            // An invalid byte, a backslash or a control character: each of its bytes as \xNN.
            var end = i + Math.Max(length, 1);
            for (; i < end; i++)
            {
                text.Append("\\x").Append(path[i].ToString("x2"));
            }
        }

        return text.ToString();
    }

    /// <summary>A name or text taken from inside evidence (a JSON value, a file's content) in the display form of the same bytes.</summary>
    public static string Display(string text) => Display(Encoding.UTF8.GetBytes(text));

    /// <summary>Printable ASCII other than the backslash: shown as it is (the common case, allocation-light).</summary>
    private static bool IsPlain(ReadOnlySpan<byte> path)
    {
        foreach (var b in path)
        {
            if (b < 0x20 || b >= 0x7f || b == '\\')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A backslash, C0 controls and DEL (one byte), C1 controls U+0080–U+009F (0xC2 0x80–0x9F).</summary>
    private static bool MustEscape(ReadOnlySpan<byte> sequence) =>
        sequence.Length == 1 ? sequence[0] < 0x20 || sequence[0] == 0x7f || sequence[0] == '\\'
        : sequence.Length == 2 && sequence[0] == 0xc2 && sequence[1] < 0xa0;

    /// <summary>The bytes of a displayed path: a literal UTF-8 path, or one with \xNN escapes.</summary>
    public static byte[] Parse(string display)
    {
        if (!display.Contains("\\x", StringComparison.Ordinal))
        {
            return Encoding.UTF8.GetBytes(display);
        }

        var bytes = new List<byte>(display.Length);
        for (var i = 0; i < display.Length; i++)
        {
            if (display[i] == '\\' && i + 3 < display.Length && display[i + 1] == 'x' && IsHex(display[i + 2]) && IsHex(display[i + 3]))
            {
                bytes.Add(Convert.ToByte(display.Substring(i + 2, 2), 16));
                i += 3;
            }
            else
            {
                var length = char.IsHighSurrogate(display[i]) && i + 1 < display.Length ? 2 : 1;
                bytes.AddRange(Encoding.UTF8.GetBytes(display.Substring(i, length)));
                i += length - 1;
            }
        }

        return [.. bytes];
    }

    private static bool IsHex(char c) => c is >= '0' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F';

    /// <summary>
    /// The bytes of one displayed <em>name</em> (a single path component). Refused — never a path — when the bytes
    /// hold a '/' or a NUL, or are "." or ".." that the display did not spell literally: no display of a real name
    /// looks like that, so it is a crafted name trying to climb out.
    /// </summary>
    public static byte[] ParseName(string display)
    {
        var bytes = Parse(display);
        if (bytes.AsSpan().IndexOfAny((byte)'/', (byte)0) >= 0
            || (bytes is [(byte)'.'] or [(byte)'.', (byte)'.'] && display != "." && display != "..")
            || bytes.Length == 0)
        {
            throw new FormatException($"'{Display(bytes)}' is not a file name (it spells '/', NUL, '.' or '..' in escapes)");
        }

        return bytes;
    }

    /// <summary>
    /// The display form of a name taken from inside evidence (a container id in config.v2.json, a layer id in a
    /// <c>lower</c> file), for joining into an evidence path; refused when it is not one name (a '/', NUL, "." or "..").
    /// </summary>
    public static string Name(string fromEvidence)
    {
        if (fromEvidence.Length == 0 || fromEvidence is "." or ".." || fromEvidence.AsSpan().IndexOfAny('/', '\0') >= 0)
        {
            throw new FormatException($"'{Display(fromEvidence)}' is not a file name");
        }

        return Display(fromEvidence);
    }

    public static byte[] Join(ReadOnlySpan<byte> directory, ReadOnlySpan<byte> name)
    {
        if (directory.Length == 0)
        {
            return name.ToArray();
        }

        var joined = new byte[directory.Length + 1 + name.Length];
        directory.CopyTo(joined);
        joined[directory.Length] = (byte)'/';
        name.CopyTo(joined.AsSpan(directory.Length + 1));
        return joined;
    }

    private static int Utf8SequenceLength(ReadOnlySpan<byte> s)
    {
        var lead = s[0];
        var length = lead < 0x80 ? 1 : lead is >= 0xc2 and <= 0xdf ? 2 : lead is >= 0xe0 and <= 0xef ? 3 : lead is >= 0xf0 and <= 0xf4 ? 4 : 0;
        if (length == 0 || length > s.Length)
        {
            return 0;
        }

        try
        {
            Strict.GetCharCount(s[..length]);
            return length;
        }
        catch (DecoderFallbackException)
        {
            return 0;
        }
    }

    /// <summary>The non-empty components of a byte path, without "." (".." is kept: the caller resolves it).</summary>
    public static IEnumerable<byte[]> Components(byte[] path)
    {
        var start = 0;
        for (var i = 0; i <= path.Length; i++)
        {
            if (i == path.Length || path[i] == '/')
            {
                if (i > start && !(i - start == 1 && path[start] == '.'))
                {
                    yield return path[start..i];
                }

                start = i + 1;
            }
        }
    }
}

/// <summary>Byte-wise (ordinal) order of names, as ls -f on a C locale and tar sort them.</summary>
public sealed class ByteOrder : IComparer<byte[]>
{
    public static readonly ByteOrder Instance = new();

    public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
}
