using System.Collections.Concurrent;

namespace EksIr.Core.Evidence;

/// <summary>
/// Reads a stream ahead on another thread (a few large buffers deep), so that what the source does per byte —
/// hashing the evidence as it is read — runs beside the consumer's work instead of before it.
/// </summary>
internal sealed class ReadAheadStream : ForwardReadStream
{
    private const int Depth = 3;
    private readonly BlockingCollection<(byte[] Buffer, int Count, Exception? Error)> _ready = new(Depth);
    private readonly BlockingCollection<byte[]> _free = new(Depth + 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _producer;
    private byte[]? _current;
    private int _count;
    private int _position;
    private bool _ended;

    public ReadAheadStream(Stream inner, int bufferSize = 4 << 20)
    {
        for (var i = 0; i < Depth + 1; i++)
        {
            _free.Add(new byte[bufferSize]);
        }

        _producer = Task.Run(() =>
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var buffer = _free.Take(_stop.Token);
                    var n = inner.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
                    _ready.Add((buffer, n, null), _stop.Token);
                    if (n == 0)
                    {
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                _ready.Add(([], 0, e));
            }
        });
    }

    public override int Read(Span<byte> destination)
    {
        while (!_ended && (_current is null || _position == _count))
        {
            if (_current is not null)
            {
                _free.Add(_current);
            }

            var (next, n, error) = _ready.Take();
            if (error is not null)
            {
                throw new IOException(error.Message, error);
            }

            (_current, _count, _position) = (next, n, 0);
            _ended = n == 0;
        }

        if (_ended)
        {
            return 0;
        }

        var take = Math.Min(destination.Length, _count - _position);
        _current.AsSpan(_position, take).CopyTo(destination);
        _position += take;
        return take;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stop.Cancel();
            try
            {
                _producer.Wait();
            }
            catch (AggregateException)
            {
            }

            _stop.Dispose();
        }

        base.Dispose(disposing);
    }
}
