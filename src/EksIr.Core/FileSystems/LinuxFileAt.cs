using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace EksIr.Core.FileSystems;

/// <summary>
/// The directory-relative system calls a <see cref="HostFolderVolume"/> resolves evidence paths with: a directory is
/// reached from the volume's top with <c>openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS)</c> — the kernel itself
/// refuses <c>..</c> above the top and every symbolic link on the way — or, where openat2 is missing or filtered,
/// by opening one component at a time with <c>O_NOFOLLOW</c>; the final name is then looked at, read or listed
/// relative to that directory, never through a host path.
/// </summary>
internal static partial class LinuxFile
{
    private const long SysOpenat2 = 437; // the same number on every Linux architecture (asm-generic table)
    private const int OPath = 0x200000;
    private const ulong ResolveNoMagicLinks = 0x02;
    private const ulong ResolveNoSymlinks = 0x04;
    private const ulong ResolveBeneath = 0x08;
    private const int ELOOP = 40;
    private const int EXDEV = 18;
    private const int ENOSYS = 38;
    private const int ENOTDIR = 20;
    private static readonly int ODirectory = IsArm ? 0x4000 : 0x10000;
    private static readonly int ONoFollow = IsArm ? 0x8000 : 0x20000;
    private static int _openat2 = 1; // 1 untried or working, 0 unavailable here (ENOSYS, or a seccomp filter's EPERM)

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static extern long Openat2(long number, int dirfd, byte[] path, ref OpenHow how, nuint size);

    [DllImport("libc", SetLastError = true)]
    private static extern int openat(int dirfd, byte[] path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern nint readlinkat(int dirfd, byte[] path, byte[] buffer, nuint size);

    /// <summary>The top of a volume, opened as a path handle (a link the analyst made to it is followed: the top is theirs).</summary>
    public static SafeFileHandle OpenTop(byte[] top)
    {
        var fd = open(Z(top), OPath | ODirectory | 0x80000 /* O_CLOEXEC */);
        return fd < 0 ? throw Error("open", top, Marshal.GetLastPInvokeError()) : new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>
    /// A directory below <paramref name="top"/>, as a path handle, reached without leaving the top and without
    /// following any symbolic link. Null when it does not exist or is not a directory; an IOException when a
    /// component is a symbolic link or climbs out (the caller resolves links inside the evidence first).
    /// </summary>
    public static SafeFileHandle? OpenDirectoryBeneath(SafeFileHandle top, ReadOnlySpan<byte> relative, bool tryOpenat2 = true)
    {
        foreach (var component in RawPath.Components(relative.ToArray()))
        {
            if (component is [(byte)'.', (byte)'.'])
            {
                throw new IOException($"{RawPath.Display(relative)}: '..' in a path below an evidence root is refused");
            }
        }

        var flags = OPath | ODirectory | ONoFollow | 0x80000;
        if (tryOpenat2 && Volatile.Read(ref _openat2) == 1)
        {
            // No O_NOFOLLOW here: RESOLVE_NO_SYMLINKS refuses a link at the end too, with ELOOP.
            var how = new OpenHow { Flags = (ulong)(flags & ~ONoFollow), Resolve = ResolveBeneath | ResolveNoSymlinks | ResolveNoMagicLinks };
            var fd = (int)Openat2(SysOpenat2, (int)top.DangerousGetHandle(), Z(relative.IsEmpty ? "."u8 : relative), ref how, (nuint)Marshal.SizeOf<OpenHow>());
            if (fd >= 0)
            {
                return new SafeFileHandle(fd, ownsHandle: true);
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno is ENOSYS or EPERM)
            {
                Volatile.Write(ref _openat2, 0);
            }
            else
            {
                return Missing(errno) ? null : throw Refused(relative, errno);
            }
        }

        return WalkBeneath(top, relative, flags);
    }

    private static SafeFileHandle? WalkBeneath(SafeFileHandle top, ReadOnlySpan<byte> relative, int flags)
    {
        var current = openat((int)top.DangerousGetHandle(), Z("."u8), flags);
        if (current < 0)
        {
            throw Error("open", relative, Marshal.GetLastPInvokeError());
        }

        foreach (var component in RawPath.Components(relative.ToArray()))
        {
            var next = openat(current, Z(component), flags);
            var errno = Marshal.GetLastPInvokeError();
            if (next < 0 && errno == ENOTDIR && LstatAt(current, [], component) is { Kind: FileKind.SymbolicLink })
            {
                errno = ELOOP; // O_NOFOLLOW with O_PATH opens the link itself, which then is no directory
            }

            close(current);
            if (next < 0)
            {
                return Missing(errno) ? null : throw Refused(relative, errno);
            }

            current = next;
        }

        return new SafeFileHandle(current, ownsHandle: true);
    }

    private static bool Missing(int errno) => errno is ENOENT or ENOTDIR;

    private static IOException Refused(ReadOnlySpan<byte> path, int errno) => errno switch
    {
        ELOOP => new IOException($"{RawPath.Display(path)}: a component is a symbolic link; evidence paths are resolved inside the evidence, never by the host"),
        EXDEV => new IOException($"{RawPath.Display(path)}: leaves the evidence root; refused"),
        _ => Error("open", path, errno),
    };

    /// <summary>lstat of a name in an opened directory.</summary>
    public static FileStatus? LstatAt(SafeFileHandle directory, ReadOnlySpan<byte> name) =>
        LstatAt((int)directory.DangerousGetHandle(), [], name.IsEmpty ? "."u8 : name);

    public static byte[] ReadLinkAt(SafeFileHandle directory, ReadOnlySpan<byte> name)
    {
        var buffer = new byte[4096];
        var length = readlinkat((int)directory.DangerousGetHandle(), Z(name), buffer, (nuint)buffer.Length);
        return length < 0 ? throw Error("readlink", name, Marshal.GetLastPInvokeError()) : buffer.AsSpan(0, (int)length).ToArray();
    }

    /// <summary>Opens a regular file of an opened directory read-only (never a link; O_NOATIME where allowed).</summary>
    public static FileStream OpenReadAt(SafeFileHandle directory, ReadOnlySpan<byte> name)
    {
        var fd = OpenAtWithoutAtime(directory, name, OpenFlags);
        return fd < 0 ? throw Error("open", name, Marshal.GetLastPInvokeError()) : new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, 1 << 16);
    }

    /// <summary>The names in a directory of an opened directory (the directory itself when <paramref name="name"/> is empty).</summary>
    public static List<byte[]> ReadDirectoryAt(SafeFileHandle directory, ReadOnlySpan<byte> name, ReadOnlySpan<byte> shownAs)
    {
        var fd = OpenAtWithoutAtime(directory, name.IsEmpty ? "."u8 : name, DirectoryFlags);
        return fd < 0 ? throw Error("open", shownAs, Marshal.GetLastPInvokeError()) : ReadDirectory(fd, shownAs);
    }

    /// <summary>An extended attribute of a name in an opened directory (reached through the directory's handle, the name not followed).</summary>
    public static byte[]? GetXattrAt(SafeFileHandle directory, ReadOnlySpan<byte> name, string attribute)
    {
        var through = System.Text.Encoding.ASCII.GetBytes($"/proc/self/fd/{directory.DangerousGetHandle()}");
        return GetXattr(RawPath.Join(through, name.IsEmpty ? "."u8 : name), attribute);
    }

    private static int OpenAtWithoutAtime(SafeFileHandle directory, ReadOnlySpan<byte> name, int flags)
    {
        var z = Z(name);
        var fd = openat((int)directory.DangerousGetHandle(), z, flags | ONoAtime);
        return fd < 0 && Marshal.GetLastPInvokeError() == EPERM ? openat((int)directory.DangerousGetHandle(), z, flags) : fd;
    }
}
