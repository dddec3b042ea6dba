using System.Text;

namespace EksIr.Core.Bolt;

/// <summary>
/// A bucket: a B+tree of branch and leaf pages rooted at a page, or an inline page embedded in its parent's value
/// (root page 0). Keys come out in order. Page layout: header (id u64, flags u16, count u16, overflow u32) then
/// <c>count</c> 16-byte elements — branch: pos u32, ksize u32, pgid u64; leaf: flags u32 (1 = bucket), pos u32,
/// ksize u32, vsize u32 — with the key at element + pos and a leaf's value right after its key.
/// </summary>
public sealed class BoltBucket
{
    private const int MaxDepth = 64;
    private readonly BoltDatabase _db;
    private readonly ulong _rootPage;
    private const int MaxNesting = 32;
    private readonly (long Offset, long Length)? _inline;
    private readonly BoltBucket? _parent;
    private readonly int _nesting;

    internal BoltBucket(BoltDatabase db, ulong rootPage, (long Offset, long Length)? inlinePage, string path, BoltBucket? parent = null)
    {
        _db = db;
        _rootPage = rootPage;
        _inline = inlinePage;
        Path = path;
        _parent = parent;
        _nesting = parent is null ? 0 : parent._nesting + 1;
    }

    /// <summary>The bucket's path from the root, '/' separated (for messages).</summary>
    public string Path { get; }

    /// <summary>Every entry in key order. Damaged pages are skipped and reported to the database's problems.</summary>
    public IEnumerable<BoltEntry> Entries()
    {
        var stack = new Stack<(long Offset, long Length, int Index, int Depth)>();
        var visited = new HashSet<ulong>();
        if (_inline is { } inline)
        {
            stack.Push((inline.Offset, inline.Length, 0, 0));
        }
        else if (TryPage(_rootPage, visited, 0) is { } root)
        {
            stack.Push((root.Offset, root.Length, 0, 0));
        }

        var bytes = _db.Bytes;
        while (stack.TryPop(out var frame))
        {
            var (offset, length, index, depth) = frame;
            ushort flags, count;
            try
            {
                flags = bytes.U16(offset + 8);
                count = bytes.U16(offset + 10);
                if (16 + (long)count * 16 > length)
                {
                    throw new BoltFormatException(bytes.File, offset, $"page in bucket '{Path}' claims {count} elements, more than fit in {length} bytes");
                }
            }
            catch (BoltFormatException e)
            {
                _db.Report(e);
                continue;
            }

            if (index >= count)
            {
                continue;
            }

            stack.Push((offset, length, index + 1, depth));
            var element = offset + 16 + index * 16L;
            if ((flags & (ushort)BoltPageFlags.Branch) != 0)
            {
                ulong child;
                try
                {
                    child = bytes.U64(element + 8);
                }
                catch (BoltFormatException e)
                {
                    _db.Report(e);
                    continue;
                }

                if (depth + 1 > MaxDepth)
                {
                    _db.Report(new BoltFormatException(bytes.File, element, $"bucket '{Path}' is deeper than {MaxDepth} levels"));
                }
                else if (TryPage(child, visited, element) is { } page)
                {
                    stack.Push((page.Offset, page.Length, 0, depth + 1));
                }
            }
            else if ((flags & (ushort)BoltPageFlags.Leaf) != 0)
            {
                if (TryLeafElement(offset, length, element) is { } entry)
                {
                    yield return entry;
                }
            }
            else
            {
                _db.Report(new BoltFormatException(bytes.File, offset, $"page in bucket '{Path}' is neither branch nor leaf (flags 0x{flags:x})"));
                stack.Pop();
            }
        }
    }

    /// <summary>The value stored under a key (not a bucket), or null.</summary>
    public ReadOnlyMemory<byte>? Get(string key)
    {
        var wanted = Encoding.UTF8.GetBytes(key);
        foreach (var entry in Entries())
        {
            if (!entry.IsBucket && entry.Key.Span.SequenceEqual(wanted))
            {
                return entry.Value;
            }
        }

        return null;
    }

    /// <summary>The nested bucket under a key, or null.</summary>
    public BoltBucket? Bucket(string name) => Bucket(Encoding.UTF8.GetBytes(name));

    public BoltBucket? Bucket(ReadOnlySpan<byte> name)
    {
        foreach (var entry in Entries())
        {
            if (entry.IsBucket && entry.Key.Span.SequenceEqual(name))
            {
                return Open(entry);
            }
        }

        return null;
    }

    /// <summary>Every nested bucket with its key, in key order.</summary>
    public IEnumerable<(BoltEntry Entry, BoltBucket Bucket)> Buckets()
    {
        foreach (var entry in Entries())
        {
            if (entry.IsBucket && Open(entry) is { } bucket)
            {
                yield return (entry, bucket);
            }
        }
    }

    /// <summary>Opens a bucket entry: its header is root pgid u64, sequence u64; root 0 means an inline page follows.</summary>
    public BoltBucket? Open(BoltEntry entry)
    {
        var path = Path.Length == 0 ? entry.KeyText : Path + "/" + entry.KeyText;
        if (!entry.IsBucket || entry.Value.Length < 16)
        {
            _db.Report(new BoltFormatException(_db.File, entry.ValueOffset, $"bucket '{path}' has a {entry.Value.Length}-byte header, 16 needed"));
            return null;
        }

        var root = _db.Bytes.U64(entry.ValueOffset);
        if (_nesting + 1 > MaxNesting)
        {
            _db.Report(new BoltFormatException(_db.File, entry.ValueOffset, $"bucket '{path}' is nested deeper than {MaxNesting} levels"));
            return null;
        }

        // A page belongs to one bucket only: a nested bucket rooted at an enclosing bucket's page is a cycle.
        for (var ancestor = this; root != 0 && ancestor is not null; ancestor = ancestor._parent)
        {
            if (ancestor._inline is null && ancestor._rootPage == root)
            {
                _db.Report(new BoltFormatException(_db.File, entry.ValueOffset, $"bucket '{path}' has the root page {root} of the bucket '{ancestor.Path}' that contains it (a cycle)"));
                return null;
            }
        }

        return root == 0
            ? new BoltBucket(_db, 0, (entry.ValueOffset + 16, entry.Value.Length - 16), path, this)
            : new BoltBucket(_db, root, null, path, this);
    }

    private (long Offset, long Length)? TryPage(ulong id, HashSet<ulong> visited, long referencedAt)
    {
        var bytes = _db.Bytes;
        var meta = _db.Meta;
        try
        {
            if (id < 2 || id >= meta.HighWaterMark)
            {
                bytes.Throw(referencedAt, $"bucket '{Path}' points at page {id}, outside the database's {meta.HighWaterMark} pages");
            }

            if (!visited.Add(id))
            {
                bytes.Throw(referencedAt, $"bucket '{Path}' refers to page {id} twice (a cycle)");
            }

            var offset = (long)id * meta.PageSize;
            var pageId = bytes.U64(offset);
            var overflow = bytes.U32(offset + 12);
            var length = ((long)overflow + 1) * meta.PageSize;
            if (pageId != id)
            {
                bytes.Throw(offset, $"page {id} says it is page {pageId}");
            }

            if (!bytes.Contains(offset, length))
            {
                bytes.Throw(offset, $"page {id} with {overflow} overflow pages runs past the end of the file ({bytes.Length} bytes)");
            }

            return (offset, length);
        }
        catch (BoltFormatException e)
        {
            _db.Report(e);
            return null;
        }
    }

    private BoltEntry? TryLeafElement(long pageOffset, long pageLength, long element)
    {
        var bytes = _db.Bytes;
        try
        {
            var flags = bytes.U32(element);
            var pos = bytes.U32(element + 4);
            var keySize = bytes.U32(element + 8);
            var valueSize = bytes.U32(element + 12);
            var keyOffset = element + pos;
            var valueOffset = keyOffset + keySize;
            if (keyOffset + (long)keySize + valueSize > pageOffset + pageLength)
            {
                bytes.Throw(element, $"entry in bucket '{Path}' (key {keySize} bytes, value {valueSize} bytes) runs past its page");
            }

            return new BoltEntry(bytes.Memory(keyOffset, keySize), bytes.Memory(valueOffset, valueSize), (flags & 1) != 0, valueOffset);
        }
        catch (BoltFormatException e)
        {
            _db.Report(e);
            return null;
        }
    }
}
