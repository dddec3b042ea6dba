using System.Text;
using EksIr.Core.Time;

namespace EksIr.Core.FileSystems.Tar;

/// <summary>A member header with the pax records and GNU long names that apply to it: name, link, size, owner, times, xattrs.</summary>
internal sealed record TarMember(TarHeader Header, Dictionary<string, byte[]> Pax, byte[]? LongName, byte[]? LongLink, long Offset)
{
    private const string SchilyXattr = "SCHILY.xattr.";
    private const string LibarchiveXattr = "LIBARCHIVE.xattr.";

    public byte[] Name => Pax.GetValueOrDefault("path") ?? LongName ?? Header.Name;

    public byte[] LinkName => Pax.GetValueOrDefault("linkpath") ?? LongLink ?? Header.LinkName;

    public long Size => PaxRecords.Number(Pax.GetValueOrDefault("size")) ?? Header.Size;

    public FileStatus Status(int typeBits, long inode) => new(
        Mode: (ushort)(typeBits | (Header.Mode & 0xFFF)),
        Uid: (uint)Math.Clamp(PaxRecords.Number(Pax.GetValueOrDefault("uid")) ?? Header.Uid, 0, uint.MaxValue),
        Gid: (uint)Math.Clamp(PaxRecords.Number(Pax.GetValueOrDefault("gid")) ?? Header.Gid, 0, uint.MaxValue),
        Size: typeBits == 0x8000 ? Size : 0,
        Inode: (ulong)inode,
        Links: 1,
        AccessTime: Representable(PaxRecords.Time(Pax.GetValueOrDefault("atime")) ?? Header.GnuTimes?.Access),
        BirthTime: null,
        ChangeTime: Representable(PaxRecords.Time(Pax.GetValueOrDefault("ctime")) ?? Header.GnuTimes?.Change),
        ModifyTime: Representable(PaxRecords.Time(Pax.GetValueOrDefault("mtime"))) ?? Representable(new PreciseTime(Header.ModifyTimeSeconds, 0)) ?? new PreciseTime(0, 0),
        DeviceMajor: Header.DeviceMajor,
        DeviceMinor: Header.DeviceMinor);

    /// <summary>A time a calendar can show (years 1–9999); a hostile header's other values are dropped.</summary>
    private static PreciseTime? Representable(PreciseTime? time) =>
        time is { UnixSeconds: >= -62_135_596_800 and <= 253_402_300_799 } ? time : null;

    /// <summary>
    /// Extended attributes as GNU tar (SCHILY.xattr.NAME, raw value) or libarchive (URL-encoded name, base64 value) store
    /// them; a libarchive value that is not base64 is left out and said to <paramref name="unreadable"/>.
    /// </summary>
    public Dictionary<string, byte[]>? Xattrs(Action<string> unreadable)
    {
        Dictionary<string, byte[]>? xattrs = null;
        foreach (var (key, value) in Pax)
        {
            if (key.StartsWith(SchilyXattr, StringComparison.Ordinal))
            {
                (xattrs ??= new(StringComparer.Ordinal))[key[SchilyXattr.Length..]] = value;
            }
            else if (key.StartsWith(LibarchiveXattr, StringComparison.Ordinal))
            {
                var attribute = Uri.UnescapeDataString(key[LibarchiveXattr.Length..]);
                if (FromBase64(value) is { } decoded)
                {
                    (xattrs ??= new(StringComparer.Ordinal))[attribute] = decoded;
                }
                else
                {
                    unreadable($"extended attribute {attribute}: its {key} value is not base64; left out");
                }
            }
        }

        return xattrs;
    }

    private static byte[]? FromBase64(byte[] value)
    {
        var text = Encoding.ASCII.GetString(value).TrimEnd('=');
        text = text.PadRight(text.Length + (4 - text.Length % 4) % 4, '=');
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
