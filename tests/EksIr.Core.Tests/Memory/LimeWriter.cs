using System.Buffers.Binary;

namespace EksIr.Core.Tests.Memory;

/// <summary>Writes dumps as LiME's format=lime does (src/lime.h): a 32-byte header per range, then its bytes.</summary>
internal static class LimeWriter
{
    public static byte[] Write(params (ulong Start, byte[] Bytes)[] ranges) =>
        ranges.SelectMany(r => Header(r.Start, r.Start + (ulong)r.Bytes.Length - 1).Concat(r.Bytes)).ToArray();

    public static byte[] Header(ulong start, ulong end, uint magic = 0x4C694D45, uint version = 1)
    {
        var header = new byte[32];
        BinaryPrimitives.WriteUInt32LittleEndian(header, magic);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), version);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(8), start);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(16), end);
        return header;
    }
}
