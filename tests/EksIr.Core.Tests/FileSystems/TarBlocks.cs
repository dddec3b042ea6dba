using System.Globalization;
using System.Text;

namespace EksIr.Core.Tests.FileSystems;

/// <summary>
/// Tar archives written block by block (POSIX.1-2001 ustar headers, pax 'x' records), for hostile members no tar
/// program makes on request: names hundreds of thousands of components deep, sizes far beyond the data given.
/// </summary>
internal static class TarBlocks
{
    /// <summary>A member: a pax header carrying its whole name (when it does not fit ustar's 100 bytes), then its ustar header and data.</summary>
    public static byte[] Member(string name, byte[] data, char type = '0', long? size = null)
    {
        using var archive = new MemoryStream();
        var nameBytes = Encoding.UTF8.GetBytes(name);
        if (nameBytes.Length > 100)
        {
            var records = PaxRecord("path", nameBytes);
            archive.Write(Header("././@PaxHeader", 'x', records.Length));
            archive.Write(Padded(records));
        }

        archive.Write(Header(nameBytes.Length > 100 ? "long-name" : name, type, size ?? data.Length));
        archive.Write(Padded(data));
        return archive.ToArray();
    }

    /// <summary>The two zero blocks that end an archive.</summary>
    public static byte[] End() => new byte[1024];

    /// <summary>"LEN key=value\n", LEN counting the whole record (its own digits too), as POSIX pax defines it.</summary>
    public static byte[] PaxRecord(string key, byte[] value)
    {
        var rest = Encoding.ASCII.GetByteCount($" {key}=") + value.Length + 1;
        var length = rest + 1;
        while (length.ToString(CultureInfo.InvariantCulture).Length + rest != length)
        {
            length = length.ToString(CultureInfo.InvariantCulture).Length + rest;
        }

        return [.. Encoding.ASCII.GetBytes($"{length} {key}="), .. value, (byte)'\n'];
    }

    /// <summary>A ustar header block with a valid checksum.</summary>
    public static byte[] Header(string name, char type, long size)
    {
        var block = new byte[512];
        Encoding.UTF8.GetBytes(name).AsSpan(0, Math.Min(100, Encoding.UTF8.GetByteCount(name))).CopyTo(block);
        Octal(block, 100, 8, type == '5' ? 0x1ED : 0x1A4);
        Octal(block, 108, 8, 0);
        Octal(block, 116, 8, 0);
        Octal(block, 124, 12, size);
        Octal(block, 136, 12, 1_795_932_778);
        block[156] = (byte)type;
        "ustar\u000000"u8.CopyTo(block.AsSpan(257));
        "        "u8.CopyTo(block.AsSpan(148));
        var sum = block.Sum(b => (long)b);
        Octal(block, 148, 7, sum);
        block[155] = (byte)' ';
        return block;
    }

    private static void Octal(byte[] block, int at, int width, long value) =>
        Encoding.ASCII.GetBytes(Convert.ToString(value, 8).PadLeft(width - 1, '0')).CopyTo(block, at);

    private static byte[] Padded(byte[] data) => [.. data, .. new byte[(512 - data.Length % 512) % 512]];
}
