using System.Text;

namespace EksIr.Core.FileSystems.Tar;

/// <summary>
/// One 512-byte tar header block (v7, ustar, GNU and pax archives), decoded field by field with bounds and
/// checksum checks. Names stay bytes; numbers may be octal text or GNU base-256.
/// </summary>
internal sealed record TarHeader(
    byte[] Name,
    int Mode,
    long Uid,
    long Gid,
    long Size,
    long ModifyTimeSeconds,
    byte TypeFlag,
    byte[] LinkName,
    uint DeviceMajor,
    uint DeviceMinor,
    PosixTimes? GnuTimes)
{
    public const int BlockSize = 512;

    /// <summary>True for the all-zero block that ends an archive.</summary>
    public static bool IsEndBlock(ReadOnlySpan<byte> block) => !block.ContainsAnyExcept((byte)0);

    /// <summary>Decodes a header block; <paramref name="problem"/> says why when it is not one.</summary>
    public static TarHeader? Parse(ReadOnlySpan<byte> block, out string? problem)
    {
        problem = null;
        if (!ChecksumMatches(block))
        {
            problem = "not a tar header (checksum mismatch)";
            return null;
        }

        var magic = block[257..265];
        var isPosix = magic[..6].SequenceEqual("ustar\0"u8);
        var isGnu = magic.SequenceEqual("ustar  \0"u8);
        var name = Text(block[..100]);
        if (isPosix && Text(block[345..500]) is { Length: > 0 } prefix)
        {
            name = [.. prefix, (byte)'/', .. name];
        }

        if (!TryNumber(block[100..108], out var mode) || !TryNumber(block[108..116], out var uid) ||
            !TryNumber(block[116..124], out var gid) || !TryNumber(block[124..136], out var size) ||
            !TryNumber(block[136..148], out var mtime))
        {
            problem = "a numeric field (mode, uid, gid, size or mtime) is not a number";
            return null;
        }

        if (size < 0)
        {
            problem = $"negative size {size}";
            return null;
        }

        long major = 0, minor = 0;
        if ((isPosix || isGnu) && (!TryNumber(block[329..337], out major) || !TryNumber(block[337..345], out minor)))
        {
            problem = "device numbers are not numbers";
            return null;
        }

        PosixTimes? gnuTimes = null;
        if (isGnu && TryNumber(block[345..357], out var atime) && TryNumber(block[357..369], out var ctime) && (atime | ctime) != 0)
        {
            gnuTimes = new PosixTimes(atime == 0 ? null : new(atime, 0), ctime == 0 ? null : new(ctime, 0));
        }

        return new TarHeader(name, (int)(mode & 0xFFFF), uid, gid, size, mtime, block[156], Text(block[157..257]),
            (uint)Math.Clamp(major, 0, uint.MaxValue), (uint)Math.Clamp(minor, 0, uint.MaxValue), gnuTimes);
    }

    private static bool ChecksumMatches(ReadOnlySpan<byte> block)
    {
        if (!TryNumber(block[148..156], out var stored))
        {
            return false;
        }

        long unsignedSum = 0, signedSum = 0;
        for (var i = 0; i < BlockSize; i++)
        {
            var b = i is >= 148 and < 156 ? (byte)' ' : block[i];
            unsignedSum += b;
            signedSum += (sbyte)b;
        }

        return stored == unsignedSum || stored == signedSum;
    }

    /// <summary>A NUL-terminated text field as bytes.</summary>
    internal static byte[] Text(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return (end < 0 ? field : field[..end]).ToArray();
    }

    /// <summary>An octal number (spaces/NUL around it) or a GNU base-256 number (high bit of the first byte set).</summary>
    internal static bool TryNumber(ReadOnlySpan<byte> field, out long value)
    {
        value = 0;
        if (field.Length > 0 && (field[0] & 0x80) != 0)
        {
            var negative = (field[0] & 0x40) != 0;
            if (negative || field.Length > 9 && field[1..^8].ContainsAnyExcept((byte)0))
            {
                return false; // negative or wider than 64 bits: no size or id is
            }

            foreach (var b in field[^Math.Min(8, field.Length - 1)..])
            {
                value = (value << 8) | b;
            }

            return value >= 0;
        }

        var text = field.Trim((byte)' ').Trim((byte)0).Trim((byte)' ');
        if (text.IsEmpty)
        {
            return true; // an empty field is zero
        }

        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'7' || value > (long.MaxValue >> 3))
            {
                return false;
            }

            value = (value << 3) | (long)(b - '0');
        }

        return true;
    }

    public override string ToString() => Encoding.UTF8.GetString(Name);
}

/// <summary>Access and change times carried beside the modification time (GNU header or pax records).</summary>
internal sealed record PosixTimes(Time.PreciseTime? Access, Time.PreciseTime? Change);
