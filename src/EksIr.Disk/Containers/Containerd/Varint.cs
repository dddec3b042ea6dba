namespace EksIr.Disk.Containers.Containerd;

/// <summary>Go's encoding/binary varints as containerd stores sizes and ids.</summary>
public static class Varint
{
    /// <summary>Unsigned varint (binary.Uvarint); null when truncated or longer than 10 bytes.</summary>
    public static ulong? TryReadUnsigned(ReadOnlySpan<byte> data, out int length)
    {
        ulong value = 0;
        for (var i = 0; i < data.Length && i < 10; i++)
        {
            var b = data[i];
            if (i == 9 && b > 1)
            {
                break; // overflow
            }

            value |= (ulong)(b & 0x7f) << (7 * i);
            if (b < 0x80)
            {
                length = i + 1;
                return value;
            }
        }

        length = 0;
        return null;
    }

    /// <summary>Signed zig-zag varint (binary.Varint).</summary>
    public static long? TryRead(ReadOnlySpan<byte> data)
    {
        if (TryReadUnsigned(data, out _) is not { } u)
        {
            return null;
        }

        var x = (long)(u >> 1);
        return (u & 1) != 0 ? ~x : x;
    }
}
