using System.Runtime.InteropServices;

namespace EksIr.Logs.Sql;

/// <summary>
/// The Linux calls behind <see cref="EvidencePipes"/>: named pipes (FIFOs) made, taken over by name, opened for writing
/// (blocking until a reader comes, or only if one waits) and written without ever blocking for good. Linux semantics:
/// opening a FIFO for writing blocks until it has a reader; a non-blocking open fails with ENXIO when it has none; a
/// writer whose reader has gone gets EPIPE (the runtime ignores SIGPIPE).
/// </summary>
internal static class Fifo
{
    private const int OWriteOnly = 1;
    private const int ONonBlock = 0x800;
    private const int OCloseOnExec = 0x80000;
    private const int FGetFlags = 3;
    private const int FSetFlags = 4;
    private const int FSetPipeSize = 1031;

    /// <summary>The pipe size asked for: fewer, larger hand-overs between writer and engine (the unprivileged limit
    /// is /proc/sys/fs/pipe-max-size, 1 MiB by default; a smaller pipe where the kernel refuses).</summary>
    public const int PipeBytes = 1 << 20;
    private const short PollOut = 0x4;
    private const int EINTR = 4;
    private const int EAGAIN = 11;
    private const int EEXIST = 17;

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Returned;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int mkfifo(string path, uint mode);

    [DllImport("libc", SetLastError = true)]
    private static extern int open(string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int rename(string from, string to);

    [DllImport("libc", SetLastError = true)]
    private static extern int fcntl(int fd, int command, int argument);

    [DllImport("libc", SetLastError = true)]
    private static extern nint write(int fd, ref byte buffer, nuint count);

    [DllImport("libc", SetLastError = true)]
    private static extern int poll(ref PollFd fds, nuint count, int timeoutMilliseconds);

    /// <summary>Makes a FIFO only the owner may open (mode 0600).</summary>
    public static void Make(string path)
    {
        if (mkfifo(path, 0x180) != 0)
        {
            throw Error("mkfifo", path);
        }
    }

    /// <summary>Puts a new FIFO under <paramref name="path"/> in one step (a rename over it): an open already made
    /// keeps the old pipe, the next open gets the new one.</summary>
    public static void Renew(string path, string spare)
    {
        if (mkfifo(spare, 0x180) != 0 && Marshal.GetLastPInvokeError() != EEXIST)
        {
            throw Error("mkfifo", spare);
        }

        if (rename(spare, path) != 0)
        {
            throw Error("rename", path);
        }
    }

    /// <summary>Opens for writing, waiting until a reader opens it too; the descriptor is then non-blocking.</summary>
    public static int OpenWhenRead(string path)
    {
        int fd;
        do
        {
            fd = open(path, OWriteOnly | OCloseOnExec);
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == EINTR);

        if (fd < 0)
        {
            throw Error("open", path);
        }

        fcntl(fd, FSetFlags, fcntl(fd, FGetFlags, 0) | ONonBlock);
        fcntl(fd, FSetPipeSize, PipeBytes);
        return fd;
    }

    /// <summary>Opens for writing if a reader has it open or waits in open (-1 otherwise); non-blocking.</summary>
    public static int OpenIfRead(string path)
    {
        var fd = open(path, OWriteOnly | ONonBlock | OCloseOnExec);
        if (fd >= 0)
        {
            fcntl(fd, FSetPipeSize, PipeBytes);
        }

        return fd;
    }

    /// <summary>Opens and closes the FIFO for reading, so that a writer waiting in <see cref="OpenWhenRead"/> returns.</summary>
    public static void Release(string path)
    {
        var fd = open(path, ONonBlock | OCloseOnExec);
        if (fd >= 0)
        {
            close(fd);
        }
    }

    public static void Close(int fd) => close(fd);

    /// <summary>
    /// Writes all of <paramref name="data"/>, waiting for the reader to make room. False when the reader has gone
    /// (EPIPE, or any other write error) or <paramref name="stop"/> says to give up while waiting.
    /// </summary>
    public static bool WriteAll(int fd, ReadOnlySpan<byte> data, Func<bool> stop)
    {
        while (!data.IsEmpty)
        {
            var n = write(fd, ref MemoryMarshal.GetReference(data), (nuint)data.Length);
            if (n > 0)
            {
                data = data[(int)n..];
                continue;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (n < 0 && errno == EINTR)
            {
                continue;
            }

            if (n < 0 && errno != EAGAIN)
            {
                return false;
            }

            var wait = new PollFd { Fd = fd, Events = PollOut };
            while (poll(ref wait, 1, 100) == 0)
            {
                if (stop())
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static IOException Error(string call, string path) =>
        new($"{path}: {call} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
}
