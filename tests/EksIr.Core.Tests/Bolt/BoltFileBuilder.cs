using System.Buffers.Binary;
using System.Text;

namespace EksIr.Core.Tests.Bolt;

/// <summary>
/// Writes bbolt files in the layout bbolt itself writes (two meta pages, a freelist page, branch and leaf pages,
/// overflow pages for large leaves, inline pages for small buckets), so the reader is tested on files built in
/// code — with knobs to force branch pages, and with access to the bytes for corrupting them.
/// </summary>
public sealed class BoltFileBuilder(uint pageSize = 4096, int maxLeafEntries = 64, bool inlineSmallBuckets = true)
{
    public sealed class Bucket
    {
        public SortedDictionary<byte[], object> Items { get; } = new(ByteComparer.Instance);

        public Bucket Put(string key, string value) => Put(key, Encoding.UTF8.GetBytes(value));

        public Bucket Put(string key, byte[] value)
        {
            Items[Encoding.UTF8.GetBytes(key)] = value;
            return this;
        }

        public Bucket Sub(string key) => Sub(Encoding.UTF8.GetBytes(key));

        public Bucket Sub(byte[] key)
        {
            if (!Items.TryGetValue(key, out var existing))
            {
                Items[key] = existing = new Bucket();
            }

            return (Bucket)existing;
        }
    }

    private readonly List<byte[]> _pages = [];

    public Bucket Root { get; } = new();

    public ulong TxId { get; set; } = 7;

    public byte[] Build()
    {
        _pages.Clear();
        _pages.Add(new byte[pageSize]); // meta 0
        _pages.Add(new byte[pageSize]); // meta 1
        var freelist = new byte[pageSize];
        BinaryPrimitives.WriteUInt64LittleEndian(freelist, 2);
        BinaryPrimitives.WriteUInt16LittleEndian(freelist.AsSpan(8), 0x10);
        _pages.Add(freelist);
        var root = WriteBucket(Root);
        var file = _pages.SelectMany(p => p).ToArray();
        var highWater = (ulong)(file.Length / pageSize);
        WriteMeta(file, 0, root, highWater, TxId - 1);
        WriteMeta(file, 1, root, highWater, TxId);
        return file;
    }

    public static void WriteMeta(byte[] file, int pageId, ulong root, ulong highWater, ulong txid, uint pageSize = 4096)
    {
        var page = file.AsSpan(pageId * (int)pageSize);
        BinaryPrimitives.WriteUInt64LittleEndian(page, (ulong)pageId);
        BinaryPrimitives.WriteUInt16LittleEndian(page[8..], 0x04);
        var meta = page[16..];
        BinaryPrimitives.WriteUInt32LittleEndian(meta, 0xED0CDAED);
        BinaryPrimitives.WriteUInt32LittleEndian(meta[4..], 2);
        BinaryPrimitives.WriteUInt32LittleEndian(meta[8..], pageSize);
        BinaryPrimitives.WriteUInt64LittleEndian(meta[16..], root);
        BinaryPrimitives.WriteUInt64LittleEndian(meta[32..], 2);
        BinaryPrimitives.WriteUInt64LittleEndian(meta[40..], highWater);
        BinaryPrimitives.WriteUInt64LittleEndian(meta[48..], txid);
        BinaryPrimitives.WriteUInt64LittleEndian(meta[56..], Fnv(meta[..56]));
    }

    public static ulong Fnv(ReadOnlySpan<byte> data)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in data)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>Writes a bucket's pages; returns its root page id.</summary>
    private ulong WriteBucket(Bucket bucket)
    {
        var leaves = bucket.Items.Chunk(maxLeafEntries).Select(chunk => (First: chunk[0].Key, Page: WriteLeaf(chunk))).ToList();
        if (leaves.Count == 0)
        {
            leaves.Add((Array.Empty<byte>(), WriteLeaf([])));
        }

        if (leaves.Count == 1)
        {
            return leaves[0].Page;
        }

        // One branch level over the leaves.
        var elements = leaves.Select(l => (l.First, l.Page)).ToList();
        var size = 16 + elements.Count * 16 + elements.Sum(e => e.First.Length);
        var span = (size + (int)pageSize - 1) / (int)pageSize;
        var page = new byte[span * pageSize];
        var id = (ulong)_pages.Count;
        Header(page, id, 0x01, elements.Count, span - 1);
        var data = 16 + elements.Count * 16;
        for (var i = 0; i < elements.Count; i++)
        {
            var at = 16 + i * 16;
            BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(at), (uint)(data - at));
            BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(at + 4), (uint)elements[i].First.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(page.AsSpan(at + 8), elements[i].Page);
            elements[i].First.CopyTo(page, data);
            data += elements[i].First.Length;
        }

        AddPages(page);
        return id;
    }

    private ulong WriteLeaf(KeyValuePair<byte[], object>[] items)
    {
        var values = items.Select(item => (item.Key, Value: item.Value is Bucket b ? BucketValue(b) : (byte[])item.Value, IsBucket: item.Value is Bucket)).ToList();
        var page = LeafPage(values, pageSize);
        var id = (ulong)_pages.Count;
        BinaryPrimitives.WriteUInt64LittleEndian(page, id);
        AddPages(page);
        return id;
    }

    private byte[] BucketValue(Bucket bucket)
    {
        var small = bucket.Items.Values.All(v => v is byte[]) && bucket.Items.Sum(kv => 16 + kv.Key.Length + ((byte[])kv.Value).Length) + 16 < pageSize / 4;
        if (inlineSmallBuckets && small)
        {
            var inline = LeafPage(bucket.Items.Select(kv => (kv.Key, (byte[])kv.Value, false)).ToList(), 0);
            return [.. new byte[16], .. inline];
        }

        var value = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(value, WriteBucket(bucket));
        return value;
    }

    /// <summary>A leaf page; <paramref name="roundTo"/> 0 gives the exact size (inline pages).</summary>
    private static byte[] LeafPage(List<(byte[] Key, byte[] Value, bool IsBucket)> items, uint roundTo)
    {
        var size = 16 + items.Count * 16 + items.Sum(i => i.Key.Length + i.Value.Length);
        var total = roundTo == 0 ? size : (int)((size + roundTo - 1) / roundTo * roundTo);
        var page = new byte[total];
        Header(page, 0, 0x02, items.Count, roundTo == 0 ? 0 : (int)(total / roundTo) - 1);
        var data = 16 + items.Count * 16;
        for (var i = 0; i < items.Count; i++)
        {
            var at = 16 + i * 16;
            BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(at), items[i].IsBucket ? 1u : 0u);
            BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(at + 4), (uint)(data - at));
            BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(at + 8), (uint)items[i].Key.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(at + 12), (uint)items[i].Value.Length);
            items[i].Key.CopyTo(page, data);
            items[i].Value.CopyTo(page, data + items[i].Key.Length);
            data += items[i].Key.Length + items[i].Value.Length;
        }

        return page;
    }

    private static void Header(byte[] page, ulong id, ushort flags, int count, int overflow)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(page, id);
        BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(8), flags);
        BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(10), (ushort)count);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(12), (uint)overflow);
    }

    private void AddPages(byte[] page)
    {
        for (var offset = 0; offset < page.Length; offset += (int)pageSize)
        {
            _pages.Add(page.AsSpan(offset, (int)pageSize).ToArray());
        }
    }

    private sealed class ByteComparer : IComparer<byte[]>
    {
        public static readonly ByteComparer Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
