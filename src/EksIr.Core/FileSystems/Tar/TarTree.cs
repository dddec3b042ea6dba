using System.Text;
using EksIr.Core.Time;

namespace EksIr.Core.FileSystems.Tar;

/// <summary>
/// The names of an archive as a tree: one node per path component, each directory holding its names' nodes. A
/// member N components deep costs N lookups and at most N new nodes (the directories it implies), never a copy of its
/// whole path per level; a lookup costs time linear in the path. Later members replace earlier ones of the same name,
/// as extraction would.
/// </summary>
internal sealed class TarTree
{
    private long _nextInode = 2;

    /// <summary>The archive's top directory.</summary>
    public TarNode Root { get; } = ImpliedDirectory(1);

    /// <summary>How many members named something an earlier member (not just an implied directory) already named.</summary>
    public int Duplicates { get; private set; }

    /// <summary>An inode number for a new node: archives carry none, so each member gets its own (hard links share).</summary>
    public long NextInode() => _nextInode++;

    public static string Key(ReadOnlySpan<byte> name) => Encoding.Latin1.GetString(name);

    /// <summary>The node a volume path names, found one component at a time; null when none.</summary>
    public TarNode? Find(ReadOnlySpan<byte> path)
    {
        var node = Root;
        var start = 0;
        for (var i = 0; i <= path.Length; i++)
        {
            if (i < path.Length && path[i] != (byte)'/')
            {
                continue;
            }

            var part = path[start..i];
            start = i + 1;
            if (part.IsEmpty || part is [(byte)'.'])
            {
                continue;
            }

            if (node.Children is null || !node.Children.TryGetValue(Key(part), out var child))
            {
                return null;
            }

            node = child;
        }

        return node;
    }

    /// <summary>Puts a node at a path (its clean components), making the directories above it that the archive has no header for.</summary>
    public void Insert(List<byte[]> path, TarNode node)
    {
        if (path.Count == 0)
        {
            if (node.Status.Kind == FileKind.Directory)
            {
                Root.Status = node.Status with { Inode = 1 };
                Root.Implied = false;
                Root.Xattrs = node.Xattrs;
            }

            return;
        }

        var parent = Root;
        for (var i = 0; i < path.Count - 1; i++)
        {
            parent = Subdirectory(parent, path[i]);
        }

        Put(parent, path[^1], node);
    }

    /// <summary>Link counts (a directory's 2 + its subdirectories, a file's its hard links) and names in byte order, over the tree without recursion.</summary>
    public void Finish()
    {
        var nodes = new List<TarNode>();
        var pending = new Stack<TarNode>([Root]);
        while (pending.TryPop(out var node))
        {
            nodes.Add(node);
            foreach (var child in node.Children?.Values ?? Enumerable.Empty<TarNode>())
            {
                pending.Push(child);
            }
        }

        var linkCounts = new Dictionary<ulong, uint>();
        foreach (var node in nodes.Where(n => n.Status.Kind == FileKind.File))
        {
            linkCounts[node.Status.Inode] = linkCounts.GetValueOrDefault(node.Status.Inode) + 1;
        }

        foreach (var node in nodes)
        {
            if (node.Children is { } children)
            {
                node.SortedChildren = children.Keys.Order(StringComparer.Ordinal).Select(k => Encoding.Latin1.GetBytes(k)).ToList(); // Latin-1 order is byte order
                node.Status = node.Status with { Links = (uint)(2 + children.Values.Count(c => c.Status.Kind == FileKind.Directory)) };
            }
            else if (node.Status.Kind == FileKind.File)
            {
                node.Status = node.Status with { Links = linkCounts[node.Status.Inode] };
            }
        }
    }

    private TarNode Subdirectory(TarNode parent, byte[] name)
    {
        if (parent.Children!.TryGetValue(Key(name), out var node) && node.Status.Kind == FileKind.Directory)
        {
            return node;
        }

        var directory = ImpliedDirectory(NextInode());
        Put(parent, name, directory); // replaces a non-directory of that name: a later member puts a directory there
        return directory;
    }

    /// <summary>A name in a directory; a name already there is replaced with all below it (a directory keeps its names).</summary>
    private void Put(TarNode parent, byte[] name, TarNode node)
    {
        var key = Key(name);
        if (parent.Children!.TryGetValue(key, out var existing))
        {
            if (!existing.Implied)
            {
                Duplicates++;
            }

            if (existing.Status.Kind == FileKind.Directory && node.Status.Kind == FileKind.Directory)
            {
                existing.Status = node.Status with { Inode = existing.Status.Inode };
                existing.Implied &= node.Implied;
                existing.Xattrs = node.Xattrs;
                return;
            }
        }

        if (node.Status.Kind == FileKind.Directory)
        {
            node.Children ??= new(StringComparer.Ordinal);
        }

        parent.Children[key] = node;
    }

    private static TarNode ImpliedDirectory(long inode) =>
        new(new FileStatus(0x41ED, 0, 0, 0, (ulong)inode, 2, null, null, null, new PreciseTime(0, 0), 0, 0)) { Implied = true, Children = new(StringComparer.Ordinal) };
}
