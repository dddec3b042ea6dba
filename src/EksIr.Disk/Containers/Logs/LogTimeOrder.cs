using EksIr.Core.Time;

namespace EksIr.Disk.Containers.Logs;

/// <summary>
/// A container's messages put in time order as they stream. The files are read oldest first, but a message split into
/// partial chunks (CRI <c>P</c> lines, Docker's 16 KiB entries) is complete, and so read, only at its last chunk, while its
/// time is its first's: lines written meanwhile come out before it. Those are near each other, so a window of
/// <see cref="Window"/> messages, the earliest given out first, sorts them without holding the log. A message with no time
/// keeps its place after the message read before it; equal times keep the order read.
/// </summary>
public static class LogTimeOrder
{
    /// <summary>How many messages are held to sort those read out of order.</summary>
    public const int Window = 4096;

    public static IEnumerable<LogLine> Sorted(IEnumerable<LogLine> lines, int window = Window)
    {
        var held = new PriorityQueue<LogLine, (PreciseTime Time, long Read)>();
        var last = default(PreciseTime);
        long read = 0;
        foreach (var line in lines)
        {
            last = line.Time ?? last;
            held.Enqueue(line, (last, read++));
            if (held.Count > window)
            {
                yield return held.Dequeue();
            }
        }

        while (held.Count > 0)
        {
            yield return held.Dequeue();
        }
    }
}
