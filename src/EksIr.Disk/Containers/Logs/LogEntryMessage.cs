using System.Text;

namespace EksIr.Disk.Containers.Logs;

/// <summary>
/// moby's <c>LogEntry</c> protobuf (api/types/plugins/logdriver/entry.proto): 1 source, 2 time_nano, 3 line,
/// 4 partial, 5 partial_log_metadata {1 last, 2 id, 3 ordinal}. Decoded field by field, bounds-checked; unknown
/// fields are skipped by wire type; null when the bytes are not a well-formed message.
/// </summary>
internal sealed record LogEntryMessage(string Source, long? TimeNano, byte[] Line, bool Partial, bool PartialLast, string? PartialId)
{
    public static LogEntryMessage? Parse(ReadOnlySpan<byte> data)
    {
        string source = "";
        long? time = null;
        byte[] line = [];
        bool partial = false, last = false;
        string? id = null;
        var reader = new ProtoReader(data);
        while (!reader.AtEnd)
        {
            if (reader.Field() is not { } field)
            {
                return null;
            }

            ReadOnlySpan<byte> bytes;
            ulong number;
            var ok = field switch
            {
                (1, 2) => reader.Bytes(out bytes) && Set(ref source, Encoding.UTF8.GetString(bytes)),
                (2, 0) => reader.Varint(out number) && Set(ref time, (long)number),
                (3, 2) => reader.Bytes(out bytes) && Set(ref line, bytes.ToArray()),
                (4, 0) => reader.Varint(out number) && Set(ref partial, number != 0),
                (5, 2) => reader.Bytes(out bytes) && ParseMetadata(bytes, out last, out id),
                _ => reader.Skip(field.Wire),
            };
            if (!ok)
            {
                return null;
            }
        }

        return new LogEntryMessage(source, time, line, partial, last, id);
    }

    private static bool Set<T>(ref T target, T value)
    {
        target = value;
        return true;
    }

    private static bool ParseMetadata(ReadOnlySpan<byte> data, out bool last, out string? id)
    {
        last = false;
        id = null;
        var reader = new ProtoReader(data);
        while (!reader.AtEnd)
        {
            if (reader.Field() is not { } field)
            {
                return false;
            }

            ReadOnlySpan<byte> bytes;
            ulong number;
            var ok = field switch
            {
                (1, 0) => reader.Varint(out number) && Set(ref last, number != 0),
                (2, 2) => reader.Bytes(out bytes) && Set(ref id, Encoding.UTF8.GetString(bytes)),
                _ => reader.Skip(field.Wire),
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>A bounds-checked protobuf wire-format cursor: tags, varints, length-delimited fields, skips.</summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly bool AtEnd => _position >= _data.Length;

    public (int Number, int Wire)? Field() =>
        Varint(out var tag) && tag >> 3 is > 0 and <= int.MaxValue ? ((int)(tag >> 3), (int)(tag & 7)) : null;

    public bool Varint(out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && _position < _data.Length; shift += 7)
        {
            var b = _data[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }

    public bool Bytes(out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        if (!Varint(out var length) || length > (ulong)(_data.Length - _position))
        {
            return false;
        }

        bytes = _data.Slice(_position, (int)length);
        _position += (int)length;
        return true;
    }

    public bool Skip(int wire) => wire switch
    {
        0 => Varint(out _),
        1 => Advance(8),
        2 => Bytes(out _),
        5 => Advance(4),
        _ => false,
    };

    private bool Advance(int count)
    {
        if (count > _data.Length - _position)
        {
            return false;
        }

        _position += count;
        return true;
    }
}
