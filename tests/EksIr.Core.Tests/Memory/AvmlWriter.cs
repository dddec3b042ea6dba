using System.Buffers.Binary;

namespace EksIr.Core.Tests.Memory;

/// <summary>
/// Writes blocks of AVML's compressed format as microsoft/avml does (commit 633424ca23f977c4f51f34b5bc9ec1c76b062849:
/// src/image.rs Header::encode and Image::copy_if_nonzero, src/io/snappy.rs SnapCountWriter): a 32-byte header with
/// magic 0x4C4D5641 ("AVML") and version 2, the block as one Snappy frame stream, then that stream's length as a
/// little-endian u64. The frame stream follows google/snappy's framing_format.txt, here with chunks that store bytes
/// as they are (type 0x01); the real sample under tests/RealWorld/lime has the compressed chunks AVML's library writes.
/// The CRC-32C is computed bit by bit here, apart from the reader's.
/// </summary>
internal static class AvmlWriter
{
    public static readonly byte[] StreamIdentifier = [0xff, 6, 0, 0, .. "sNaPpY"u8];

    public static byte[] Block(ulong start, byte[] memory, uint magic = 0x4C4D5641, uint version = 2) =>
        Block(start, start + (ulong)memory.Length - 1, Frames(memory), magic, version);

    public static byte[] Block(ulong start, ulong end, byte[] stream, uint magic = 0x4C4D5641, uint version = 2, ulong? trailer = null)
    {
        var trailerBytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(trailerBytes, trailer ?? (ulong)stream.Length);
        return [.. LimeWriter.Header(start, end, magic, version), .. stream, .. trailerBytes];
    }

    /// <summary>The stream identifier, then the bytes in uncompressed chunks of at most 65,536 bytes.</summary>
    public static byte[] Frames(byte[] memory) =>
        [.. StreamIdentifier, .. memory.Chunk(65536).SelectMany(UncompressedChunk)];

    public static byte[] UncompressedChunk(byte[] data) => Chunk(0x01, [.. Le32(MaskedCrc32C(data)), .. data]);

    public static byte[] Chunk(byte type, byte[] payload) =>
        [type, (byte)payload.Length, (byte)(payload.Length >> 8), (byte)(payload.Length >> 16), .. payload];

    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = 0xffffffffu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>framing_format.txt: ((crc &gt;&gt; 15) | (crc &lt;&lt; 17)) + 0xa282ead8.</summary>
    public static uint MaskedCrc32C(ReadOnlySpan<byte> data)
    {
        var crc = Crc32C(data);
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8;
    }

    private static byte[] Le32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }
}
