using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace EksIr.Core.Bolt;

/// <summary>
/// The bytes of a bbolt file with bounds-checked little-endian reads. Every read checks, without overflow, that
/// <c>offset + length</c> lies inside the file and otherwise throws a <see cref="BoltFormatException"/> naming the
/// file and the offset — hostile or truncated files never read out of range.
/// </summary>
internal readonly struct BoltBytes(ReadOnlyMemory<byte> data, string file)
{
    public string File { get; } = file;

    public long Length => data.Length;

    public ReadOnlySpan<byte> Span(long offset, long length)
    {
        Check(offset, length);
        return data.Span.Slice((int)offset, (int)length);
    }

    public ReadOnlyMemory<byte> Memory(long offset, long length)
    {
        Check(offset, length);
        return data.Slice((int)offset, (int)length);
    }

    public ushort U16(long offset) => BinaryPrimitives.ReadUInt16LittleEndian(Span(offset, 2));

    public uint U32(long offset) => BinaryPrimitives.ReadUInt32LittleEndian(Span(offset, 4));

    public ulong U64(long offset) => BinaryPrimitives.ReadUInt64LittleEndian(Span(offset, 8));

    public bool Contains(long offset, long length) =>
        offset >= 0 && length >= 0 && offset <= data.Length && length <= data.Length - offset;

    private void Check(long offset, long length)
    {
        if (!Contains(offset, length))
        {
            Throw(offset, $"{length} bytes needed but the file ends at {data.Length}");
        }
    }

    [DoesNotReturn]
    public void Throw(long offset, string problem) => throw new BoltFormatException(File, offset, problem);
}
