using System.Buffers.Binary;

namespace EksIr.Core.Bolt;

/// <summary>
/// A bbolt meta page (pages 0 and 1). Layout at offset 16 of the page (64 bytes): magic u32 0xED0CDAED,
/// version u32 = 2, pageSize u32, flags u32, root bucket {root pgid u64, sequence u64}, freelist pgid u64,
/// pgid high-water mark u64, txid u64, checksum u64 = FNV-1a 64 of the 56 bytes before it.
/// </summary>
public sealed record BoltMeta(int PageId, uint PageSize, ulong RootPage, ulong Freelist, ulong HighWaterMark, ulong TxId)
{
    public const uint Magic = 0xED0CDAED;
    public const uint Version = 2;
    internal const int PageHeaderSize = 16;
    internal const int Size = 64;

    /// <summary>Parses and validates the meta at <paramref name="pageOffset"/>; returns null with the reason when invalid.</summary>
    internal static BoltMeta? TryRead(BoltBytes bytes, int pageId, long pageOffset, out string? problem)
    {
        var at = pageOffset + PageHeaderSize;
        if (!bytes.Contains(pageOffset, PageHeaderSize + Size))
        {
            problem = $"meta page {pageId} at offset {pageOffset} is past the end of the file";
            return null;
        }

        var meta = bytes.Span(at, Size);
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(meta);
        var version = BinaryPrimitives.ReadUInt32LittleEndian(meta[4..]);
        var pageSize = BinaryPrimitives.ReadUInt32LittleEndian(meta[8..]);
        var checksum = BinaryPrimitives.ReadUInt64LittleEndian(meta[56..]);
        if ((bytes.U16(pageOffset + 8) & (ushort)BoltPageFlags.Meta) == 0)
        {
            problem = $"page {pageId} at offset {pageOffset} is not a meta page";
        }
        else if (magic != Magic)
        {
            problem = $"meta page {pageId}: bad magic 0x{magic:X8} (not a bbolt file?)";
        }
        else if (version != Version)
        {
            problem = $"meta page {pageId}: unsupported version {version}";
        }
        else if (Fnv1a64(meta[..56]) != checksum)
        {
            problem = $"meta page {pageId}: checksum mismatch";
        }
        else if (pageSize < 512 || pageSize > 1 << 20 || (pageSize & (pageSize - 1)) != 0)
        {
            problem = $"meta page {pageId}: implausible page size {pageSize}";
        }
        else
        {
            problem = null;
            return new BoltMeta(pageId, pageSize,
                BinaryPrimitives.ReadUInt64LittleEndian(meta[16..]),
                BinaryPrimitives.ReadUInt64LittleEndian(meta[32..]),
                BinaryPrimitives.ReadUInt64LittleEndian(meta[40..]),
                BinaryPrimitives.ReadUInt64LittleEndian(meta[48..]));
        }

        return null;
    }

    internal static ulong Fnv1a64(ReadOnlySpan<byte> data)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in data)
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }

        return hash;
    }
}

[Flags]
internal enum BoltPageFlags : ushort
{
    Branch = 0x01,
    Leaf = 0x02,
    Meta = 0x04,
    Freelist = 0x10,
}
