using System.Text;

namespace EksIr.Core.FileSystems;

/// <summary>
/// Paths as bytes, as Linux keeps them. <see cref="Display"/> shows a path losslessly: valid UTF-8 as text, any
/// other byte (and a backslash in such a name) as \xNN; <see cref="Parse"/> turns that form back into the bytes.
/// </summary>
public static class RawPath
{
    private static readonly UTF8Encoding Strict = new(false, true);

    public static string Display(ReadOnlySpan<byte> path)
    {
        try
        {
            return Strict.GetString(path);
        }
        catch (DecoderFallbackException)
        {
            var text = new StringBuilder(path.Length * 2);
            var i = 0;
            while (i < path.Length)
            {
                var length = Utf8SequenceLength(path[i..]);
                if (length > 0 && path[i] != (byte)'\\')
                {
                    text.Append(Encoding.UTF8.GetString(path.Slice(i, length)));
                    i += length;
                }
                else
                {
                    text.Append($"\\x{path[i]:x2}");
                    i++;
                }
            }

            return text.ToString();
        }
    }

    /// <summary>The bytes of a displayed path: a literal UTF-8 path, or one with \xNN escapes.</summary>
    public static byte[] Parse(string display)
    {
        if (!display.Contains("\\x", StringComparison.Ordinal))
        {
            return Encoding.UTF8.GetBytes(display);
        }

        var bytes = new List<byte>();
        for (var i = 0; i < display.Length; i++)
        {
            if (display[i] == '\\' && i + 3 < display.Length && display[i + 1] == 'x'
                && byte.TryParse(display.AsSpan(i + 2, 2), System.Globalization.NumberStyles.HexNumber, null, out var b))
            {
                bytes.Add(b);
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
        for (var length = 1; length <= 4 && length <= s.Length; length++)
        {
            try
            {
                Strict.GetCharCount(s[..length]);
                return length;
            }
            catch (DecoderFallbackException)
            {
            }
        }

        return 0;
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
