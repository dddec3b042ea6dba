using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace EksIr.Core.FileSystems;

/// <summary>
/// Read-only Linux file system calls on byte paths (file names on evidence need not be UTF-8, and .NET's string
/// paths would lose such names): lstat via statx (nanosecond times, birth time, device numbers), lgetxattr,
/// readlink, readdir, and open with O_RDONLY|O_NOFOLLOW (and O_NOATIME where allowed). Nothing here can write.
/// </summary>
internal static partial class LinuxFile
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const uint StatxBirthTime = 0x800;
    private const int ENOENT = 2;
    private const int ENODATA = 61;
    private const int ERANGE = 34;

    private const int ONoAtime = 0x40000;
    private const int EPERM = 1;
    private static readonly bool IsArm = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;
    private static readonly int OpenFlags = 0 /* O_RDONLY */ | 0x80000 /* O_CLOEXEC */ | 0x800 /* O_NONBLOCK */ |
        (IsArm ? 0x8000 : 0x20000) /* O_NOFOLLOW */;
    private static readonly int DirectoryFlags = OpenFlags | (IsArm ? 0x4000 : 0x10000) /* O_DIRECTORY */;

    [DllImport("libc", SetLastError = true)]
    private static extern int statx(int dirfd, ref byte path, int flags, uint mask, ref byte buffer);

    [DllImport("libc", SetLastError = true)]
    private static extern nint lgetxattr(byte[] path, byte[] name, byte[]? value, nuint size);

    [DllImport("libc", SetLastError = true)]
    private static extern nint readlink(byte[] path, byte[] buffer, nuint size);

    [DllImport("libc", SetLastError = true)]
    private static extern nint fdopendir(int fd);

    [DllImport("libc")]
    private static extern int close(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern nint readdir64(nint dir);

    [DllImport("libc")]
    private static extern int closedir(nint dir);

    [DllImport("libc", SetLastError = true)]
    private static extern int open(byte[] path, int flags);

    private static byte[] Z(ReadOnlySpan<byte> path)
    {
        if (path.Contains((byte)0))
        {
            throw new IOException("path contains a NUL byte");
        }

        var z = new byte[path.Length + 1];
        path.CopyTo(z);
        return z;
    }

    /// <summary>lstat of a path; null when it does not exist.</summary>
    public static FileStatus? Lstat(ReadOnlySpan<byte> path) => Lstat(path, []);

    /// <summary>
    /// lstat of <paramref name="directory"/>/<paramref name="name"/> (either may be empty), built on the stack: a
    /// listing lstats every entry, so this path allocates nothing but the result.
    /// </summary>
    public static FileStatus? Lstat(ReadOnlySpan<byte> directory, ReadOnlySpan<byte> name) => LstatAt(AtFdCwd, directory, name);

    private static FileStatus? LstatAt(int dirfd, ReadOnlySpan<byte> directory, ReadOnlySpan<byte> name)
    {
        var length = directory.Length + (name.IsEmpty || directory.IsEmpty ? 0 : 1) + name.Length + 1;
        var z = length <= 1024 ? stackalloc byte[length] : new byte[length];
        Terminated(directory, name, z);
        Span<byte> buffer = stackalloc byte[256];
        if (statx(dirfd, ref z[0], AtSymlinkNoFollow, StatxBasicStats | StatxBirthTime, ref buffer[0]) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == ENOENT || errno == 20 /* ENOTDIR */ ? null : throw Error("stat", z[..^1], errno);
        }

        ReadOnlySpan<byte> span = buffer;
        var mask = BinaryPrimitives.ReadUInt32LittleEndian(span);
        return new FileStatus(
            Mode: BinaryPrimitives.ReadUInt16LittleEndian(span[28..]),
            Uid: BinaryPrimitives.ReadUInt32LittleEndian(span[20..]),
            Gid: BinaryPrimitives.ReadUInt32LittleEndian(span[24..]),
            Size: (long)BinaryPrimitives.ReadUInt64LittleEndian(span[40..]),
            Inode: BinaryPrimitives.ReadUInt64LittleEndian(span[32..]),
            Links: BinaryPrimitives.ReadUInt32LittleEndian(span[16..]),
            AccessTime: Time(span[64..]),
            BirthTime: (mask & StatxBirthTime) != 0 ? Time(span[80..]) : null,
            ChangeTime: Time(span[96..]),
            ModifyTime: Time(span[112..]),
            DeviceMajor: BinaryPrimitives.ReadUInt32LittleEndian(span[128..]),
            DeviceMinor: BinaryPrimitives.ReadUInt32LittleEndian(span[132..]));
    }

    /// <summary>directory + '/' + name + NUL into <paramref name="z"/>; a NUL inside is refused (it would cut the path short).</summary>
    private static void Terminated(ReadOnlySpan<byte> directory, ReadOnlySpan<byte> name, Span<byte> z)
    {
        if (directory.Contains((byte)0) || name.Contains((byte)0))
        {
            throw new IOException("path contains a NUL byte");
        }

        directory.CopyTo(z);
        var at = directory.Length;
        if (!name.IsEmpty && !directory.IsEmpty)
        {
            z[at++] = (byte)'/';
        }

        name.CopyTo(z[at..]);
        z[at + name.Length] = 0;
    }

    private static Time.PreciseTime Time(ReadOnlySpan<byte> t) =>
        new(BinaryPrimitives.ReadInt64LittleEndian(t), (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(t[8..]), 999_999_999u));

    /// <summary>An extended attribute's value, or null when the file has none of that name (or it may not be read).</summary>
    public static byte[]? GetXattr(ReadOnlySpan<byte> path, string name)
    {
        var z = Z(path);
        var n = System.Text.Encoding.ASCII.GetBytes(name + "\0");
        var buffer = new byte[256];
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var length = lgetxattr(z, n, buffer, (nuint)buffer.Length);
            if (length >= 0)
            {
                return buffer.AsSpan(0, (int)length).ToArray();
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != ERANGE)
            {
                return null; // ENODATA, ENOTSUP, EPERM (trusted.* needs CAP_SYS_ADMIN): not readable here
            }

            buffer = new byte[buffer.Length * 16];
        }

        return null;
    }

    public static byte[] ReadLink(ReadOnlySpan<byte> path)
    {
        var buffer = new byte[4096];
        var length = readlink(Z(path), buffer, (nuint)buffer.Length);
        return length < 0 ? throw Error("readlink", path, Marshal.GetLastPInvokeError()) : buffer.AsSpan(0, (int)length).ToArray();
    }

    /// <summary>The names in a directory (without . and ..), in byte order.</summary>
    public static List<byte[]> ReadDirectory(ReadOnlySpan<byte> path)
    {
        var fd = OpenWithoutAtime(Z(path), DirectoryFlags);
        return fd < 0 ? throw Error("open", path, Marshal.GetLastPInvokeError()) : ReadDirectory(fd, path);
    }

    /// <summary>The names in an opened directory (the descriptor is consumed), in byte order.</summary>
    private static List<byte[]> ReadDirectory(int fd, ReadOnlySpan<byte> path)
    {
        var dir = fdopendir(fd);
        if (dir == 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            close(fd);
            throw Error("fdopendir", path, errno);
        }

        var names = new List<byte[]>();
        var record = new byte[280]; // one dirent64 at a time: 19 bytes of header, a name of up to 255 bytes and its NUL
        try
        {
            while (readdir64(dir) is var entry && entry != 0)
            {
                // struct dirent64: d_ino u64, d_off i64, d_reclen u16, d_type u8, d_name[] (NUL-terminated)
                var reclen = (ushort)Marshal.ReadInt16(entry, 16);
                if (record.Length < reclen)
                {
                    record = new byte[reclen];
                }

                Marshal.Copy(entry, record, 0, reclen);
                var nameBytes = record.AsSpan(19, reclen - 19);
                var end = nameBytes.IndexOf((byte)0);
                var name = (end < 0 ? nameBytes : nameBytes[..end]).ToArray();
                if (name is [(byte)'.'] or [(byte)'.', (byte)'.'])
                {
                    continue;
                }

                names.Add(name);
            }
        }
        finally
        {
            closedir(dir);
        }

        names.Sort((a, b) => a.AsSpan().SequenceCompareTo(b));
        return names;
    }

    /// <summary>Opens a regular file read-only without following a final symbolic link.</summary>
    public static FileStream OpenRead(ReadOnlySpan<byte> path)
    {
        var fd = OpenWithoutAtime(Z(path), OpenFlags);
        if (fd < 0)
        {
            throw Error("open", path, Marshal.GetLastPInvokeError());
        }

        return new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, 1 << 16);
    }

    /// <summary>
    /// Opens with O_NOATIME where the kernel allows it (the file's owner, or root), so that reading evidence on a
    /// writable mount does not change its access times; elsewhere (EPERM) as usual.
    /// </summary>
    private static int OpenWithoutAtime(byte[] path, int flags)
    {
        var fd = open(path, flags | ONoAtime);
        return fd < 0 && Marshal.GetLastPInvokeError() == EPERM ? open(path, flags) : fd;
    }

    private static IOException Error(string call, ReadOnlySpan<byte> path, int errno) =>
        new($"{RawPath.Display(path)}: {call} failed: {Marshal.GetPInvokeErrorMessage(errno)}");
}
