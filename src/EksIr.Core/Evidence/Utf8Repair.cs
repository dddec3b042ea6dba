using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace EksIr.Core.Evidence;

/// <summary>
/// Bytes that should be UTF-8 but are not, made readable as a decoder makes them: each ill-formed sequence (a stray
/// continuation byte, a sequence cut short, an overlong form, an encoded surrogate, a byte above F4) becomes U+FFFD
/// (EF BF BD), one per maximal ill-formed subpart as Unicode §3.9 recommends and .NET's UTF-8 decoder does. How many
/// bytes were replaced and where the first one was (in the bytes as written) are kept, so the reader can say so.
/// Valid UTF-8 comes back as the same array, uncopied.
/// </summary>
public sealed record Utf8Repair(byte[] Bytes, long Replaced, long FirstAt)
{
    private static ReadOnlySpan<byte> ReplacementCharacter => [0xEF, 0xBF, 0xBD];

    /// <summary>The bytes with every ill-formed sequence replaced by U+FFFD.</summary>
    public static Utf8Repair Of(byte[] bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            return new Utf8Repair(bytes, 0, -1);
        }

        var output = new ArrayBufferWriter<byte>(bytes.Length + 64);
        var chars = new char[1 << 14];
        long replaced = 0, first = -1;
        var at = 0;
        while (at < bytes.Length)
        {
            // Only to find where the next ill-formed sequence starts (vectorised); the UTF-16 text is not kept.
            var status = Utf8.ToUtf16(bytes.AsSpan(at), chars, out var valid, out _, replaceInvalidSequences: false);
            output.Write(bytes.AsSpan(at, valid));
            at += valid;
            if (status is OperationStatus.Done or OperationStatus.DestinationTooSmall)
            {
                continue;
            }

            Rune.DecodeFromUtf8(bytes.AsSpan(at), out _, out var invalid);
            invalid = Math.Max(invalid, 1);
            first = first < 0 ? at : first;
            replaced += invalid;
            output.Write(ReplacementCharacter);
            at += invalid;
        }

        return new Utf8Repair(output.WrittenSpan.ToArray(), replaced, first);
    }

    /// <summary>The bytes as text (U+FFFD for what is not UTF-8), the replacement said in <paramref name="problems"/>.</summary>
    public static string Text(byte[] bytes, string file, ICollection<EvidenceProblem> problems)
    {
        var repair = Of(bytes);
        if (repair.Problem(file) is { } problem)
        {
            problems.Add(problem);
        }

        return Encoding.UTF8.GetString(repair.Bytes);
    }

    /// <summary>
    /// What was replaced, as a problem of <paramref name="file"/> at the first replaced byte (after
    /// <paramref name="where"/>, the place inside the file the bytes came from); null when nothing was.
    /// </summary>
    public EvidenceProblem? Problem(string file, string where = "") =>
        Replaced == 0
            ? null
            : new EvidenceProblem(file, (where.Length == 0 ? "" : where + ", ") + $"byte {FirstAt}",
                (Replaced == 1 ? "1 byte that is not UTF-8" : $"{Replaced} bytes that are not UTF-8") + " replaced with U+FFFD (the first here); everything else read as written");
}
