using System.Buffers.Binary;

namespace EksIr.Core.Time;

/// <summary>
/// Go's <c>time.Time.MarshalBinary</c>, as containerd stores createdat/updatedat: version byte (1, or 2 with
/// seconds in the zone offset), seconds since 0001-01-01 UTC (int64 BE), nanoseconds (int32 BE), zone offset in
/// minutes (int16 BE; -1 = UTC) [, offset seconds (int8) in version 2]. 15 or 16 bytes.
/// </summary>
public static class GoTime
{
    private const long SecondsFromYearOneToUnixEpoch = 62135596800;

    public static PreciseTime? TryDecode(ReadOnlySpan<byte> data, out string? problem)
    {
        if (data.Length == 0)
        {
            problem = "empty time value";
            return null;
        }

        var expected = data[0] switch { 1 => 15, 2 => 16, _ => -1 };
        if (expected < 0)
        {
            problem = $"unknown Go time encoding version {data[0]}";
            return null;
        }

        if (data.Length != expected)
        {
            problem = $"Go time version {data[0]} needs {expected} bytes, got {data.Length}";
            return null;
        }

        var seconds = BinaryPrimitives.ReadInt64BigEndian(data[1..]);
        var nanos = BinaryPrimitives.ReadInt32BigEndian(data[9..]);
        var time = PreciseTime.TryCreate(seconds - SecondsFromYearOneToUnixEpoch, nanos);
        problem = time is null ? $"Go time out of range ({seconds} s, {nanos} ns)" : null;
        return time;
    }
}
