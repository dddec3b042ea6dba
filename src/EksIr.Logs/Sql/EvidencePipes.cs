using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;

namespace EksIr.Logs.Sql;

/// <summary>
/// Evidence files handed to the embedded engine through named pipes in a private folder, so that the engine never
/// opens the evidence itself: DuckDB opens files without O_NOATIME (every query would move their access times) and,
/// locked down, may not open the evidence folder at all. Whenever the engine opens a pipe, the file behind it is read
/// through <see cref="EvidenceRoot.OpenRead"/> (read-only, O_NOATIME, journaled with its SHA-256 when read whole),
/// gzip undone, and streamed in; the pipe is named <c>000042.json</c> so that the engine reads plain JSON.
/// <para>
/// A pipe serves as many opens as come, each with its own stream: the moment an open is met, a new pipe takes the
/// name, so a query that scans the table twice reads each file twice and nothing is shared. Opens are met by writers
/// waiting ahead in list order (the engine opens a list's files in order, a few at a time); a sweeper meets any other
/// open once nothing has moved for a moment, so an unexpected order is slower, never a hang. A file that cannot be
/// read to its end (a damaged gzip, an I/O error) is a named <see cref="Failures"/> entry, and the engine is sent
/// bytes no JSON reader accepts, so that it never takes a cut-off file for a whole one.
/// </para>
/// </summary>
public sealed class EvidencePipes : IDisposable
{
    /// <summary>What one pipe carries: a whole evidence file (gzip undone), or the bytes of a plain one from
    /// <paramref name="Offset"/> on, <paramref name="Length"/> of them (-1: to its end), so that the engine can read the
    /// parts of a large file side by side.</summary>
    public sealed record Source(string EvidencePath, long Offset = 0, long Length = -1);

    /// <summary>What the engine is sent after a read failure: a control character is invalid anywhere in JSON.</summary>
    private static readonly byte[] Poison = "\n\u0001\n"u8.ToArray();

    private readonly EvidenceRoot _root;
    private readonly IPipeLines? _selector;
    private readonly IReadOnlyList<Source> _sources;
    private readonly string _folder;
    private readonly int[] _claimed; // 1 while a writer waits on the pipe or the sweeper tries it
    private readonly long[] _lines; // non-blank lines of the last stream of each pipe sent whole; -1 until one is
    private readonly List<Thread> _threads = [];
    private readonly ConcurrentQueue<EvidenceProblem> _failures = new();
    private readonly CountdownEvent _streams = new(1);
    private readonly ManualResetEventSlim _stop = new();
    private int _cursor = -1;
    private int _spares;
    private long _lastMove = Stopwatch.GetTimestamp();
    private volatile bool _closing;

    /// <summary>Makes one pipe per evidence file in <paramref name="folder"/> (created) and starts serving them.</summary>
    public EvidencePipes(EvidenceRoot root, string folder, IReadOnlyList<string> evidencePaths)
        : this(root, folder, evidencePaths.Select(p => new Source(p)).ToList())
    {
    }

    /// <summary>
    /// Makes one pipe per source in <paramref name="folder"/> (created) and starts serving them; with a
    /// <paramref name="selector"/>, the lines are sent as it makes them (only those a <see cref="LineSelector"/> keeps,
    /// each marked with its offset by a <see cref="LineTagger"/>), and counted by it.
    /// </summary>
    public EvidencePipes(EvidenceRoot root, string folder, IReadOnlyList<Source> sources, IPipeLines? selector = null)
    {
        _root = root;
        _selector = selector;
        _sources = sources;
        _folder = Directory.CreateDirectory(folder).FullName; // below the engine's scratch folder, which only the user may open
        Paths = sources.Select((_, i) => Path.Combine(_folder, $"{i:D6}.json")).ToList();
        foreach (var path in Paths)
        {
            Fifo.Make(path);
        }

        _claimed = new int[Paths.Count];
        _lines = Enumerable.Repeat(-1L, Paths.Count).ToArray();
        var writers = Math.Min(Paths.Count, Environment.ProcessorCount + 2);
        for (var i = 0; i < writers; i++)
        {
            Start(Waiter, "eksir pipe writer");
        }

        if (Paths.Count > 0)
        {
            Start(Sweeper, "eksir pipe sweeper");
        }
    }

    /// <summary>The pipe of each evidence file, in the order given.</summary>
    public IReadOnlyList<string> Paths { get; }

    /// <summary>The evidence files that could not be read to their end while the engine read them.</summary>
    public IReadOnlyList<EvidenceProblem> Failures => [.. _failures];

    /// <summary>
    /// The lines read for pipe <paramref name="i"/> (blank ones too), counted as its bytes went by, the last time it was
    /// sent to its end; null when it never was. What the engine read can be checked against it: a line it skipped is not lost unsaid.
    /// </summary>
    public long? Lines(int i) => Interlocked.Read(ref _lines[i]) is var n and >= 0 ? n : null;

    /// <summary>Stops serving: writers still waiting are released, streams the engine left are closed, the folder deleted.</summary>
    public void Dispose()
    {
        if (_closing)
        {
            return;
        }

        _closing = true;
        _stop.Set();
        while (_threads.Any(t => t.IsAlive))
        {
            for (var i = 0; i < Paths.Count; i++)
            {
                if (Volatile.Read(ref _claimed[i]) == 1)
                {
                    Fifo.Release(Paths[i]);
                }
            }

            _threads.ForEach(t => t.Join(20));
        }

        _streams.Signal();
        _streams.Wait();
        _streams.Dispose();
        _stop.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private void Start(ThreadStart body, string name)
    {
        var thread = new Thread(body, 256 << 10) { IsBackground = true, Name = name };
        _threads.Add(thread);
        thread.Start();
    }

    /// <summary>Waits on the next unclaimed pipe after the cursor until the engine opens it, streams it, and again.</summary>
    private void Waiter()
    {
        while (!_closing)
        {
            var i = Claim();
            if (i < 0)
            {
                Thread.Sleep(1);
                continue;
            }

            int fd;
            try
            {
                fd = Fifo.OpenWhenRead(Paths[i]);
            }
            catch (IOException e) when (!_closing)
            {
                Volatile.Write(ref _claimed[i], 0);
                Fail(i, "pipe", e.Message);
                return;
            }
            catch (IOException)
            {
                Volatile.Write(ref _claimed[i], 0);
                return;
            }

            if (_closing)
            {
                Fifo.Close(fd);
                Volatile.Write(ref _claimed[i], 0);
                return;
            }

            Met(i, fd, onThisThread: true);
        }
    }

    /// <summary>
    /// Once nothing has moved for a while (no open met, no byte written), tries every unclaimed pipe for an engine
    /// waiting in open. The pause doubles while nothing is found (data moving again does not shorten it) and is at
    /// least twenty times what the last sweep took, so that sweeping costs at most a twentieth of a core even when the
    /// engine only computes; the writers waiting in order meet the opens that come in order.
    /// </summary>
    private void Sweeper()
    {
        var shortest = TimeSpan.FromMilliseconds(10);
        var pause = shortest;
        while (!_stop.Wait(pause))
        {
            if (Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastMove)) < pause)
            {
                continue;
            }

            var started = Stopwatch.GetTimestamp();
            var found = false;
            for (var i = 0; i < Paths.Count && !_closing; i++)
            {
                if (Interlocked.CompareExchange(ref _claimed[i], 1, 0) != 0)
                {
                    continue;
                }

                var fd = Fifo.OpenIfRead(Paths[i]);
                if (fd < 0)
                {
                    Volatile.Write(ref _claimed[i], 0);
                    continue;
                }

                found = true;
                Volatile.Write(ref _cursor, i);
                Met(i, fd, onThisThread: false);
            }

            var next = found ? shortest : TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
            pause = TimeSpan.FromTicks(Math.Max(next.Ticks, Stopwatch.GetElapsedTime(started).Ticks * 20));
        }
    }

    /// <summary>The next unclaimed pipe after the cursor (wrapping round: the table may be scanned again), claimed; -1 if none.</summary>
    private int Claim()
    {
        for (var tries = 0; tries < Paths.Count; tries++)
        {
            var i = (int)((uint)Interlocked.Increment(ref _cursor) % (uint)Paths.Count);
            if (Interlocked.CompareExchange(ref _claimed[i], 1, 0) == 0)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>An open of pipe <paramref name="i"/> met: a new pipe takes its name, then the file is streamed into this one.</summary>
    private void Met(int i, int fd, bool onThisThread)
    {
        try
        {
            Fifo.Renew(Paths[i], Path.Combine(_folder, $"spare-{Interlocked.Increment(ref _spares)}"));
        }
        catch (IOException e)
        {
            Fail(i, "pipe", $"a second reader could share this stream ({e.Message})");
        }

        Volatile.Write(ref _claimed[i], 0);
        Interlocked.Exchange(ref _lastMove, Stopwatch.GetTimestamp());
        _streams.AddCount();
        if (onThisThread)
        {
            Stream(i, fd);
        }
        else
        {
            new Thread(() => Stream(i, fd), 256 << 10) { IsBackground = true, Name = "eksir pipe stream" }.Start();
        }
    }

    private void Stream(int i, int fd)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Fifo.PipeBytes / 4);
        var wanted = _sources[i];
        Stream? source = null;
        try
        {
            source = _root.OpenRead(wanted.EvidencePath);
            if (wanted.Offset > 0)
            {
                source.Seek(wanted.Offset, SeekOrigin.Begin);
            }

            using var plain = wanted.EvidencePath.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new CheckedGzipStream(source) : null;
            var input = plain ?? source;
            var left = wanted.Length < 0 ? long.MaxValue : wanted.Length;
            var lines = new LineCount();
            var selection = _selector?.Start(wanted.Offset);
            var kept = selection is null ? null : new ArrayBufferWriter<byte>(buffer.Length);
            while (true)
            {
                int n;
                try
                {
                    n = left == 0 ? 0 : input.Read(buffer.AsSpan(0, (int)Math.Min(buffer.Length, left)));
                    left -= n;
                }
                catch (Exception e) when (e is IOException or InvalidDataException)
                {
                    Fail(i, plain is null ? $"byte {source.Position}" : $"compressed byte {source.Position}",
                        $"{(plain is null ? "not readable" : "gzip damaged or cut off")} ({e.Message})");
                    Fifo.WriteAll(fd, Poison, () => _closing);
                    return;
                }

                if (n == 0)
                {
                    selection?.Finish(kept!);
                    if (kept is not null && !Fifo.WriteAll(fd, kept.WrittenSpan, () => _closing))
                    {
                        return;
                    }

                    Interlocked.Exchange(ref _lines[i], selection?.Lines ?? lines.End());
                    return;
                }

                ReadOnlySpan<byte> chunk = buffer.AsSpan(0, n);
                if (selection is not null)
                {
                    selection.Feed(chunk, kept!);
                    chunk = kept!.WrittenCount >= buffer.Length ? kept.WrittenSpan : default;
                }
                else
                {
                    lines.Add(chunk);
                }

                if (!chunk.IsEmpty && !Fifo.WriteAll(fd, chunk, () => _closing))
                {
                    return; // the engine stopped reading (a LIMIT met, an error elsewhere)
                }

                if (!chunk.IsEmpty)
                {
                    kept?.ResetWrittenCount();
                }

                Interlocked.Exchange(ref _lastMove, Stopwatch.GetTimestamp());
            }
        }
        catch (IOException e)
        {
            Fail(i, "file", $"not readable ({e.Message})");
            Fifo.WriteAll(fd, Poison, () => _closing);
        }
        finally
        {
            source?.Dispose();
            Fifo.Close(fd);
            ArrayPool<byte>.Shared.Return(buffer);
            _streams.Signal();
        }
    }

    private void Fail(int i, string where, string why) => _failures.Enqueue(new EvidenceProblem(_sources[i].EvidencePath, where, why));

    /// <summary>The lines of a byte stream fed in pieces (blank ones too, as a selector counts them; a last line without its newline counts).</summary>
    private struct LineCount
    {
        private long _count;
        private bool _open;

        public void Add(ReadOnlySpan<byte> bytes)
        {
            if (bytes.IsEmpty)
            {
                return;
            }

            _count += bytes.Count((byte)'\n');
            _open = bytes[^1] != (byte)'\n';
        }

        public readonly long End() => _count + (_open ? 1 : 0);
    }
}
