using System.Text;

namespace EksIr.Core.Bolt;

/// <summary>One key of a bucket: a value, or a nested bucket (whose <see cref="Value"/> is its bucket header).</summary>
public readonly record struct BoltEntry(ReadOnlyMemory<byte> Key, ReadOnlyMemory<byte> Value, bool IsBucket, long ValueOffset)
{
    /// <summary>The key as text; invalid UTF-8 is shown losslessly as \xNN escapes.</summary>
    public string KeyText => BoltText.Lossless(Key.Span);
}

public static class BoltText
{
    private static readonly UTF8Encoding Strict = new(false, true);

    /// <summary>UTF-8 text, or — where the bytes are not valid UTF-8 — ASCII with every other byte as \xNN.</summary>
    public static string Lossless(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return Strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            var text = new StringBuilder(bytes.Length * 2);
            foreach (var b in bytes)
            {
                text.Append(b is >= 0x20 and < 0x7f && b != '\\' ? ((char)b).ToString() : $"\\x{b:x2}");
            }

            return text.ToString();
        }
    }
}
