using System.Runtime.InteropServices;

namespace EksIr.Tests;

/// <summary>A directory chain deeper than one system call can name, made step by step as an attacker makes it.</summary>
public static class DeepDirectory
{
    private static readonly int ODirectory = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;

    /// <summary>mkdir NAME; cd NAME — <paramref name="depth"/> times, each step relative to the directory made before it.</summary>
    public static void Make(string top, string name, int depth)
    {
        var fd = open(top, ODirectory);
        Assert.True(fd >= 0, $"open {top}: {Marshal.GetLastPInvokeError()}");
        for (var level = 0; level < depth; level++)
        {
            Assert.Equal(0, mkdirat(fd, name, 0x1ED));
            var next = openat(fd, name, ODirectory);
            Assert.True(next >= 0, $"openat at level {level}: {Marshal.GetLastPInvokeError()}");
            close(fd);
            fd = next;
        }

        close(fd);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int open(string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int openat(int dirfd, string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int mkdirat(int dirfd, string path, int mode);

    [DllImport("libc")]
    private static extern int close(int fd);
}
