using EksIr.Core.Time;

namespace EksIr.Core.FileSystems;

/// <summary>
/// What lstat tells of a file on evidence: type and permission bits, owner, size, inode and MAC(B) times. Access,
/// change and birth times are null where the evidence does not keep them (a tar archive may carry only mtime).
/// </summary>
public sealed record FileStatus(
    ushort Mode,
    uint Uid,
    uint Gid,
    long Size,
    ulong Inode,
    uint Links,
    PreciseTime? AccessTime,
    PreciseTime? BirthTime,
    PreciseTime? ChangeTime,
    PreciseTime ModifyTime,
    uint DeviceMajor,
    uint DeviceMinor)
{
    /// <summary>lstat of a host path (a link is described, never followed); null when nothing is there.</summary>
    public static FileStatus? Lstat(string hostPath) => LinuxFile.Lstat(System.Text.Encoding.UTF8.GetBytes(hostPath));

    public FileKind Kind => (Mode & 0xF000) switch
    {
        0x8000 => FileKind.File,
        0x4000 => FileKind.Directory,
        0xA000 => FileKind.SymbolicLink,
        0x2000 => FileKind.CharacterDevice,
        0x6000 => FileKind.BlockDevice,
        0x1000 => FileKind.Fifo,
        0xC000 => FileKind.Socket,
        _ => FileKind.Unknown,
    };

    /// <summary>An overlayfs whiteout: a character device 0/0 in an upper or lower layer marks a deleted name.</summary>
    public bool IsWhiteout => Kind == FileKind.CharacterDevice && DeviceMajor == 0 && DeviceMinor == 0;

    /// <summary>ls-style mode string, e.g. -rwsr-xr-x (TSK bodyfile uses the same).</summary>
    public string ModeString()
    {
        var type = Kind switch
        {
            FileKind.Directory => 'd',
            FileKind.SymbolicLink => 'l',
            FileKind.CharacterDevice => 'c',
            FileKind.BlockDevice => 'b',
            FileKind.Fifo => 'p',
            FileKind.Socket => 's',
            _ => '-',
        };
        var m = Mode;
        char Bit(int mask, char c) => (m & mask) != 0 ? c : '-';
        char Exec(int exec, int special, char set, char setNoExec) =>
            (m & special) != 0 ? ((m & exec) != 0 ? set : setNoExec) : Bit(exec, 'x');
        return string.Concat(type, Bit(0x100, 'r'), Bit(0x80, 'w'), Exec(0x40, 0x800, 's', 'S'),
            Bit(0x20, 'r'), Bit(0x10, 'w'), Exec(0x8, 0x400, 's', 'S'),
            Bit(0x4, 'r'), Bit(0x2, 'w'), Exec(0x1, 0x200, 't', 'T'));
    }
}

public enum FileKind
{
    Unknown,
    File,
    Directory,
    SymbolicLink,
    CharacterDevice,
    BlockDevice,
    Fifo,
    Socket,
}
